import { BudgetExceededError, InvalidArgumentError, usd } from '@tokenwise/spec';
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
