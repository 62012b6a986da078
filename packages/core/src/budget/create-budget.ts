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
  /** This level and its ancestors, innermost first; fixed, since a budget's parent never changes. */
  readonly #chain: readonly BudgetNode[];

  constructor(limit: PicoUsd | undefined, parent: BudgetNode | undefined, label: string | undefined) {
    this.#limit = limit;
    this.#parent = parent;
    this.#label = label;
    this.#chain = parent ? [this, ...parent.#chain] : [this];
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
    // Without a limit, spent is compared with itself: never exceeded.
    return this.#spent > (this.#limit ?? this.#spent);
  }

  /** This level's own headroom, possibly negative after an overrun; undefined without a limit. */
  #ownRoom(): PicoUsd | undefined {
    return this.#limit === undefined ? undefined : this.#limit - this.#spent - this.#reserved;
  }

  remaining(): PicoUsd | undefined {
    let smallest: PicoUsd | undefined;
    for (const node of this.#chain) {
      const room = node.#ownRoom();
      if (room !== undefined && (smallest === undefined || room < smallest)) smallest = room;
    }
    return smallest === undefined ? undefined : smallest < 0n ? 0n : smallest;
  }

  /** The first level (innermost first) that cannot hold `amount` more, if any. */
  #blocker(amount: PicoUsd): BudgetNode | undefined {
    if (amount === 0n) return undefined;
    for (const node of this.#chain) {
      if (node.#limit !== undefined && node.#limit - node.#spent - node.#reserved < amount) return node;
    }
    return undefined;
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
      ...(blocker.#label === undefined ? {} : { level: blocker.#label }),
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
    for (const node of this.#chain) {
      node.#reserved += amount;
      node.#open++;
    }
    return new HeldReservation(this, amount, label);
  }

  /**
   * Applies the end of a reservation to every level (used by HeldReservation): a release without `actual`, a
   * settle with it. Returns the overrun of a settle (0 when within the reservation).
   */
  static end(node: BudgetNode, held: PicoUsd, actual: PicoUsd | undefined): PicoUsd {
    const overrun = actual === undefined || actual <= held ? 0n : actual - held;
    for (const level of node.#chain) {
      level.#reserved -= held;
      level.#open--;
      if (actual === undefined) level.#released++;
      else {
        level.#settled++;
        level.#spent += actual;
        level.#overrun += overrun;
      }
    }
    return overrun;
  }

  /** Grows or shrinks a held amount on every level, all or nothing (used by HeldReservation). */
  static resize(node: BudgetNode, held: PicoUsd, next: PicoUsd, label: string | undefined): void {
    if (next > held) {
      const blocker = node.#blocker(next - held);
      if (blocker) throw node.#exceededError(blocker, next - held, label);
    }
    for (const level of node.#chain) level.#reserved += next - held;
  }

  child(options: { limit?: PicoUsd; label?: string } = {}): Budget {
    return createBudget({ limit: options.limit, label: options.label, parent: this });
  }

  record(amount: PicoUsd): void {
    assertAmount(amount, 'amount');
    for (const node of this.#chain) node.#spent += amount;
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

class HeldReservation implements Reservation {
  readonly #node: BudgetNode;
  #held: PicoUsd;
  #state: Reservation['state'] = 'open';
  readonly label: string | undefined;

  constructor(node: BudgetNode, amount: PicoUsd, label: string | undefined) {
    this.#node = node;
    this.#held = amount;
    this.label = label;
  }

  get amount(): PicoUsd {
    return this.#held;
  }
  get state(): Reservation['state'] {
    return this.#state;
  }

  #assertOpen(action: string): void {
    if (this.#state !== 'open') {
      throw new InvalidArgumentError({
        argument: 'reservation',
        message: `Cannot ${action} a reservation that was already ${this.#state}: each reservation ends exactly once.`,
      });
    }
  }

  settle(actual: PicoUsd): PicoUsd {
    this.#assertOpen('settle');
    assertAmount(actual, 'actual');
    this.#state = 'settled';
    return BudgetNode.end(this.#node, this.#held, actual);
  }

  release(): boolean {
    if (this.#state !== 'open') return false;
    this.#state = 'released';
    BudgetNode.end(this.#node, this.#held, undefined);
    return true;
  }

  resize(newAmount: PicoUsd): void {
    this.#assertOpen('resize');
    assertAmount(newAmount, 'newAmount');
    BudgetNode.resize(this.#node, this.#held, newAmount, this.label);
    this.#held = newAmount;
  }
}
