import { BudgetExceededError, formatUsd, InvalidArgumentError, type PicoUsd } from '@tokenwise/spec';
import type { Budget, BudgetSnapshot, Reservation } from './budget.js';

/** Options of {@link createBudget}. */
export interface CreateBudgetOptions {
  /** The ceiling in pico-dollars (`usd('0.05')`); omit for an unlimited budget that only tracks spend. */
  limit?: PicoUsd;
  /** The enclosing budget, which every reservation is also charged to. Must come from `createBudget`. */
  parent?: Budget;
  /** Name used in error messages and snapshots. */
  label?: string;
}

/**
 * Creates a budget. All figures are exact bigint pico-dollars. JavaScript runs one piece of code at a time, so
 * each reserve / settle / release checks and updates every level without an `await` in between: concurrent calls
 * can never together hold more than a limit.
 * @throws InvalidArgumentError for a negative limit or a parent that was not made by `createBudget`.
 */
export function createBudget(options: CreateBudgetOptions = {}): Budget {
  const { limit, parent, label } = options;
  if (limit !== undefined) assertAmount(limit, 'limit');
  if (parent !== undefined && !BudgetNode.isNode(parent)) {
    throw new InvalidArgumentError({
      argument: 'parent',
      message: 'The parent budget must be created with createBudget() (or budget.child()).',
    });
  }
  return new BudgetNode(limit, parent, label);
}

function assertAmount(amount: unknown, argument: string): asserts amount is PicoUsd {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument} ${String(amount)}: expected a non-negative bigint of pico-dollars (use usd('0.05')).`,
    });
  }
}

class BudgetNode implements Budget {
  readonly #limit: PicoUsd | undefined;
  readonly #parent: BudgetNode | undefined;
  readonly #label: string | undefined;
  #spent = 0n;
  #reserved = 0n;
  #overrun = 0n;
  #open = 0;
  #settled = 0;
  #released = 0;

  constructor(limit: PicoUsd | undefined, parent: BudgetNode | undefined, label: string | undefined) {
    this.#limit = limit;
    this.#parent = parent;
    this.#label = label;
  }

  static isNode(value: unknown): value is BudgetNode {
    return typeof value === 'object' && value !== null && #spent in value;
  }

  get label(): string | undefined {
    return this.#label;
  }
  get limit(): PicoUsd | undefined {
    return this.#limit;
  }
  get parent(): Budget | undefined {
    return this.#parent;
  }
  get spent(): PicoUsd {
    return this.#spent;
  }
  get reserved(): PicoUsd {
    return this.#reserved;
  }
  get overrun(): PicoUsd {
    return this.#overrun;
  }
  get exceeded(): boolean {
    return this.#limit !== undefined && this.#spent > this.#limit;
  }

  /** This level's own headroom, possibly negative after an overrun; undefined without a limit. */
  #ownRoom(): PicoUsd | undefined {
    return this.#limit === undefined ? undefined : this.#limit - this.#spent - this.#reserved;
  }

  /** This level and its ancestors, innermost first. */
  #chain(): BudgetNode[] {
    const chain: BudgetNode[] = [];
    for (let node: BudgetNode | undefined = this; node; node = node.#parent) chain.push(node);
    return chain;
  }

  remaining(): PicoUsd | undefined {
    let smallest: PicoUsd | undefined;
    for (const node of this.#chain()) {
      const room = node.#ownRoom();
      if (room !== undefined && (smallest === undefined || room < smallest)) smallest = room;
    }
    return smallest === undefined ? undefined : smallest < 0n ? 0n : smallest;
  }

  /** The first level (innermost first) that cannot hold `amount` more, if any. */
  #blocker(amount: PicoUsd): BudgetNode | undefined {
    if (amount === 0n) return undefined;
    return this.#chain().find((node) => {
      const room = node.#ownRoom();
      return room !== undefined && room < amount;
    });
  }

  #exceededError(blocker: BudgetNode, amount: PicoUsd, label: string | undefined): BudgetExceededError {
    const room = blocker.#ownRoom() ?? 0n;
    const remaining = room < 0n ? 0n : room;
    const name = blocker.#label ? `Budget "${blocker.#label}"` : 'The budget';
    const what = label ? ` for ${label}` : '';
    return new BudgetExceededError({
      message: `${name} has ${formatUsd(remaining)} left of ${formatUsd(blocker.#limit ?? 0n)} but ${formatUsd(amount)} is needed${what}: raise the budget, shorten the prompt or lower max_tokens.`,
      remaining,
      required: amount,
      budget: blocker.#limit,
    });
  }

  reserve(amount: PicoUsd, label?: string): Reservation {
    assertAmount(amount, 'amount');
    const blocker = this.#blocker(amount);
    if (blocker) throw this.#exceededError(blocker, amount, label);
    return this.#hold(amount, label);
  }

  tryReserve(amount: PicoUsd, label?: string): Reservation | undefined {
    assertAmount(amount, 'amount');
    return this.#blocker(amount) ? undefined : this.#hold(amount, label);
  }

  #hold(amount: PicoUsd, label: string | undefined): Reservation {
    const chain = this.#chain();
    for (const node of chain) {
      node.#reserved += amount;
      node.#open++;
    }
    let held = amount;
    let state: Reservation['state'] = 'open';
    const self = this;
    const assertOpen = (action: string) => {
      if (state !== 'open') {
        throw new InvalidArgumentError({
          argument: 'reservation',
          message: `Cannot ${action} a reservation that was already ${state}: each reservation ends exactly once.`,
        });
      }
    };
    const close = (next: 'settled' | 'released') => {
      state = next;
      for (const node of chain) {
        node.#reserved -= held;
        node.#open--;
        if (next === 'settled') node.#settled++;
        else node.#released++;
      }
    };
    return {
      get amount() {
        return held;
      },
      label,
      get state() {
        return state;
      },
      settle(actual: PicoUsd): PicoUsd {
        assertOpen('settle');
        assertAmount(actual, 'actual');
        const overrun = actual > held ? actual - held : 0n;
        close('settled');
        for (const node of chain) {
          node.#spent += actual;
          node.#overrun += overrun;
        }
        return overrun;
      },
      release(): boolean {
        if (state !== 'open') return false;
        close('released');
        return true;
      },
      resize(newAmount: PicoUsd): void {
        assertOpen('resize');
        assertAmount(newAmount, 'newAmount');
        if (newAmount > held) {
          const blocker = self.#blocker(newAmount - held);
          if (blocker) throw self.#exceededError(blocker, newAmount - held, label);
        }
        for (const node of chain) node.#reserved += newAmount - held;
        held = newAmount;
      },
    };
  }

  child(options: { limit?: PicoUsd; label?: string } = {}): Budget {
    return createBudget({ limit: options.limit, label: options.label, parent: this });
  }

  record(amount: PicoUsd): void {
    assertAmount(amount, 'amount');
    for (const node of this.#chain()) node.#spent += amount;
  }

  snapshot(): BudgetSnapshot {
    return {
      label: this.#label,
      limit: this.#limit,
      spent: this.#spent,
      reserved: this.#reserved,
      remaining: this.remaining(),
      overrun: this.#overrun,
      exceeded: this.exceeded,
      openReservations: this.#open,
      settledReservations: this.#settled,
      releasedReservations: this.#released,
    };
  }
}
