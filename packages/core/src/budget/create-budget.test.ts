import { BudgetExceededError, formatUsd, InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from './create-budget.js';

describe('createBudget', () => {
  it('reserves, settles at the actual cost and frees the rest', () => {
    const budget = createBudget({ limit: usd('1'), label: 'request' });
    const reservation = budget.reserve(usd('0.4'));
    expect(budget.reserved).toBe(usd('0.4'));
    expect(budget.remaining()).toBe(usd('0.6'));
    expect(reservation.settle(usd('0.1'))).toBe(0n);
    expect(budget.spent).toBe(usd('0.1'));
    expect(budget.reserved).toBe(0n);
    expect(budget.remaining()).toBe(usd('0.9'));
    expect(reservation.state).toBe('settled');
  });

  it('refuses a reservation that does not fit, with figures and advice', () => {
    const budget = createBudget({ limit: usd('0.01'), label: 'request' });
    budget.reserve(usd('0.008'));
    let error: unknown;
    try {
      budget.reserve(usd('0.005'), 'gpt call');
    } catch (caught) {
      error = caught;
    }
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    const exceeded = error as BudgetExceededError;
    expect(exceeded.remaining).toBe(usd('0.002'));
    expect(exceeded.required).toBe(usd('0.005'));
    expect(exceeded.budget).toBe(usd('0.01'));
    expect(exceeded.message).toContain('Budget "request"');
    expect(exceeded.message).toContain('raise the budget');
    expect(budget.reserved).toBe(usd('0.008'));
    expect(budget.tryReserve(usd('0.005'))).toBeUndefined();
    expect(budget.tryReserve(usd('0.002'))).toBeDefined();
    expect(budget.remaining()).toBe(0n);
  });

  it('sums 100,000 one-pico reservations exactly', () => {
    const budget = createBudget({ limit: 100_000n });
    for (let index = 0; index < 100_000; index++) budget.reserve(1n).settle(1n);
    expect(budget.spent).toBe(100_000n);
    expect(budget.remaining()).toBe(0n);
    expect(budget.tryReserve(1n)).toBeUndefined();
    expect(budget.snapshot().settledReservations).toBe(100_000);
  });

  it('records a settle above the reservation as an overrun', () => {
    const budget = createBudget({ limit: usd('1') });
    const reservation = budget.reserve(usd('0.5'));
    expect(reservation.settle(usd('0.7'))).toBe(usd('0.2'));
    expect(budget.spent).toBe(usd('0.7'));
    expect(budget.overrun).toBe(usd('0.2'));
    expect(budget.snapshot().overrun).toBe(usd('0.2'));
  });

  it('throws on a second settle and ignores a release after the end', () => {
    const budget = createBudget({ limit: usd('1') });
    const reservation = budget.reserve(usd('0.5'));
    reservation.settle(usd('0.1'));
    expect(() => reservation.settle(usd('0.1'))).toThrow(/already settled/);
    expect(reservation.release()).toBe(false);
    expect(budget.spent).toBe(usd('0.1'));
    expect(budget.reserved).toBe(0n);

    const released = budget.reserve(usd('0.2'));
    expect(released.release()).toBe(true);
    expect(released.release()).toBe(false);
    expect(() => released.settle(1n)).toThrow(InvalidArgumentError);
    expect(budget.spent).toBe(usd('0.1'));
    expect(budget.snapshot()).toMatchObject({
      openReservations: 0,
      settledReservations: 1,
      releasedReservations: 1,
    });
  });

  it('record() counts spend without a reservation, even past the limit', () => {
    const budget = createBudget({ limit: usd('0.01') });
    budget.record(usd('0.008'));
    expect(budget.exceeded).toBe(false);
    budget.record(usd('0.004'));
    expect(budget.spent).toBe(usd('0.012'));
    expect(budget.exceeded).toBe(true);
    expect(budget.remaining()).toBe(0n);
    expect(() => budget.reserve(1n)).toThrow(BudgetExceededError);
    expect(budget.reserve(0n).state).toBe('open');
  });

  it('resizes: shrinks freely, grows only when there is room', () => {
    const budget = createBudget({ limit: usd('1') });
    const other = budget.reserve(usd('0.3'));
    const reservation = budget.reserve(usd('0.5'));
    reservation.resize(usd('0.2'));
    expect(budget.reserved).toBe(usd('0.5'));
    reservation.resize(usd('0.7'));
    expect(budget.remaining()).toBe(0n);
    expect(() => reservation.resize(usd('0.8'))).toThrow(BudgetExceededError);
    expect(reservation.amount).toBe(usd('0.7'));
    other.release();
    reservation.release();
    expect(() => reservation.resize(1n)).toThrow(/already released/);
    expect(budget.reserved).toBe(0n);
  });

  it('tracks spend on an unlimited budget', () => {
    const budget = createBudget();
    expect(budget.remaining()).toBeUndefined();
    budget.reserve(usd('1000')).settle(usd('3'));
    budget.record(usd('2'));
    expect(budget.spent).toBe(usd('5'));
    expect(budget.exceeded).toBe(false);
  });

  it('rejects negative or non-bigint amounts and foreign parents', () => {
    const budget = createBudget({ limit: usd('1') });
    expect(() => budget.reserve(-1n)).toThrow(InvalidArgumentError);
    expect(() => budget.reserve(1 as unknown as bigint)).toThrow(InvalidArgumentError);
    expect(() => budget.record(-5n)).toThrow(InvalidArgumentError);
    expect(() => createBudget({ limit: -1n })).toThrow(InvalidArgumentError);
    expect(() => budget.reserve(1n).settle(-1n)).toThrow(InvalidArgumentError);
    expect(() => createBudget({ parent: { ...budget } })).toThrow(/createBudget/);
  });
});

describe('nested budgets', () => {
  it('charges every ancestor and is bounded by the smallest remaining', () => {
    const process = createBudget({ limit: usd('10'), label: 'process' });
    const plan = process.child({ limit: usd('1'), label: 'plan' });
    const step = plan.child({ label: 'step' });
    expect(step.limit).toBeUndefined();
    expect(step.remaining()).toBe(usd('1'));
    const reservation = step.reserve(usd('0.4'));
    expect([step.reserved, plan.reserved, process.reserved]).toEqual([usd('0.4'), usd('0.4'), usd('0.4')]);
    reservation.settle(usd('0.25'));
    expect([step.spent, plan.spent, process.spent]).toEqual([usd('0.25'), usd('0.25'), usd('0.25')]);
    expect(process.remaining()).toBe(usd('9.75'));
    expect(step.remaining()).toBe(usd('0.75'));
    step.record(usd('0.05'));
    expect(process.spent).toBe(usd('0.3'));
  });

  it('is all-or-nothing when a middle level refuses', () => {
    const root = createBudget({ limit: usd('10'), label: 'process' });
    const middle = root.child({ limit: usd('1'), label: 'plan' });
    const leaf = middle.child({ limit: usd('5'), label: 'step' });
    let error: unknown;
    try {
      leaf.reserve(usd('2'));
    } catch (caught) {
      error = caught;
    }
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).message).toContain('Budget "plan"');
    expect((error as BudgetExceededError).budget).toBe(usd('1'));
    expect([leaf.reserved, middle.reserved, root.reserved]).toEqual([0n, 0n, 0n]);
  });

  it('sees siblings through the shared parent', () => {
    const plan = createBudget({ limit: usd('1'), label: 'plan' });
    const a = plan.child({ label: 'a' });
    const b = plan.child({ label: 'b' });
    a.reserve(usd('0.7'));
    expect(b.remaining()).toBe(usd('0.3'));
    expect(b.tryReserve(usd('0.4'))).toBeUndefined();
  });
});

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createBudget: a bad argument is named in a one-line error', () => {
  const budget = createBudget({ limit: usd('1') });
  const cases: [string, () => unknown, string, RegExp][] = [
    [
      'limit',
      () => createBudget({ limit: -1n }),
      'limit',
      /^Invalid limit -1: expected a non-negative bigint/,
    ],
    ['reserve', () => budget.reserve(-1n), 'amount', /^Invalid amount -1: .*usd\('0\.05'\)/],
    ['tryReserve', () => budget.tryReserve(-2n), 'amount', /^Invalid amount -2:/],
    ['record', () => budget.record(-3n), 'amount', /^Invalid amount -3:/],
    ['settle', () => budget.reserve(1n).settle(-4n), 'actual', /^Invalid actual -4:/],
    ['resize', () => budget.reserve(1n).resize(-5n), 'newAmount', /^Invalid newAmount -5:/],
  ];
  it.each(cases)('%s', (_name, run, argument, message) => {
    const error = caught(run) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
  });

  it('a parent not made by createBudget, whatever it is', () => {
    for (const parent of [{}, { ...budget }, null, 'process', 42]) {
      const error = caught(() => createBudget({ parent: parent as never })) as InvalidArgumentError;
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error.argument).toBe('parent');
      expect(error.message).toMatch(/createBudget\(\)/);
    }
  });

  it('a second settle or a resize after the end names the reservation and how it ended', () => {
    const reservation = budget.reserve(1n);
    reservation.release();
    const settle = caught(() => reservation.settle(1n)) as InvalidArgumentError;
    expect(settle.argument).toBe('reservation');
    expect(settle.message).toMatch(/^Cannot settle a reservation that was already released/);
    const resize = caught(() => reservation.resize(1n)) as InvalidArgumentError;
    expect(resize.message).toMatch(/^Cannot resize a reservation that was already released/);
  });
});

describe('createBudget: a refusal says which level, how much is left and what was needed', () => {
  it('names a labelled level and the call, with the limit', () => {
    const budget = createBudget({ limit: usd('0.01'), label: 'request' });
    budget.reserve(usd('0.008'));
    const error = caught(() => budget.reserve(usd('0.005'), 'gpt call')) as BudgetExceededError;
    expect(error.level).toBe('request');
    expect(error.message).toBe(
      `Budget "request" has ${formatUsd(usd('0.002'))} left of ${formatUsd(usd('0.01'))} but ${formatUsd(usd('0.005'))} is needed for gpt call: raise the budget, shorten the prompt or lower max_tokens.`,
    );
  });

  it('an unlabelled level is "the budget", with no level and no call named', () => {
    const budget = createBudget({ limit: 10n });
    const error = caught(() => budget.reserve(11n)) as BudgetExceededError;
    expect(error.level).toBeUndefined();
    expect(error.message).toMatch(/^The budget has .* is needed: raise the budget/);
  });

  it('after an overrun, reports nothing left (never a negative amount) and still refuses', () => {
    const budget = createBudget({ limit: 100n, label: 'plan' });
    budget.reserve(50n).settle(130n);
    expect(budget.remaining()).toBe(0n);
    expect(budget.snapshot().remaining).toBe(0n);
    expect(budget.exceeded).toBe(true);
    const error = caught(() => budget.reserve(1n)) as BudgetExceededError;
    expect(error.remaining).toBe(0n);
    expect(error.required).toBe(1n);
  });

  it('a refused growth names the extra amount the resize needed', () => {
    const budget = createBudget({ limit: 100n });
    const reservation = budget.reserve(60n);
    const error = caught(() => reservation.resize(130n)) as BudgetExceededError;
    expect(error.required).toBe(70n);
    expect(error.remaining).toBe(40n);
    expect(reservation.amount).toBe(60n);
  });
});

describe('createBudget: overruns and the ceiling', () => {
  it('spending exactly the limit is not exceeding it', () => {
    const budget = createBudget({ limit: 100n });
    budget.reserve(100n).settle(100n);
    expect(budget.exceeded).toBe(false);
    expect(budget.overrun).toBe(0n);
    budget.record(1n);
    expect(budget.exceeded).toBe(true);
    expect(createBudget().exceeded).toBe(false);
  });

  it('a settle below the reservation adds no overrun, on any level', () => {
    const parent = createBudget({ limit: 1000n });
    const child = parent.child({ limit: 500n });
    expect(child.reserve(300n).settle(120n)).toBe(0n);
    child.reserve(10n).release();
    expect([child.overrun, parent.overrun]).toEqual([0n, 0n]);
    expect(child.reserve(10n).settle(25n)).toBe(15n);
    expect([child.overrun, parent.overrun]).toEqual([15n, 15n]);
  });

  it('a reservation still shrinks when an overrun left the budget below zero', () => {
    const budget = createBudget({ limit: 100n });
    const open = budget.reserve(40n);
    budget.reserve(50n).settle(120n);
    // Room is now 100 - 120 - 40 = -60, below the -30 this shrink frees.
    open.resize(10n);
    expect(open.amount).toBe(10n);
    expect(budget.reserved).toBe(10n);
  });

  it('the smallest room of the chain bounds a child, wherever it is', () => {
    const root = createBudget({ limit: 1000n });
    const tight = root.child({ limit: 5n });
    const leaf = tight.child({ limit: 700n });
    expect(leaf.remaining()).toBe(5n);
    expect(leaf.parent).toBe(tight);
    expect(tight.parent).toBe(root);
    expect(root.parent).toBeUndefined();
  });
});
