import { describe, expect, it } from 'vitest';
import type { Budget, Reservation } from './budget.js';
import { createBudget } from './create-budget.js';

/** A small seeded generator so a failing sequence can be replayed from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertWithinLimits(budgets: Budget[]): void {
  for (const budget of budgets) {
    if (budget.limit !== undefined && budget.spent + budget.reserved > budget.limit) {
      throw new Error(`${budget.label} holds ${budget.spent + budget.reserved} > ${budget.limit}`);
    }
    if (budget.reserved < 0n) throw new Error(`${budget.label} has negative reserved`);
  }
}

describe('budget tree property', () => {
  it('random concurrent reserve/settle/release never exceeds any limit and ends every reservation', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seeded(seed);
      const root = createBudget({ limit: 5_000n, label: 'root' });
      const middles = [root.child({ limit: 2_000n, label: 'm0' }), root.child({ label: 'm1' })];
      const leaves = middles.flatMap((middle, index) => [
        middle.child({ limit: 700n, label: `l${index}a` }),
        middle.child({ label: `l${index}b` }),
      ]);
      const all = [root, ...middles, ...leaves];
      const targets = [...middles, ...leaves, root];
      const ended: Reservation[] = [];
      const settledOn = new Map<Budget, bigint>();

      // Many "calls" run interleaved: each reserves, yields to the event loop a random number of times, then
      // settles at most its reservation or releases it.
      const call = async () => {
        const budget = targets[Math.floor(random() * targets.length)]!;
        const amount = BigInt(Math.floor(random() * 400));
        const reservation = budget.tryReserve(amount);
        assertWithinLimits(all);
        if (!reservation) return;
        const hops = Math.floor(random() * 4);
        for (let hop = 0; hop < hops; hop++) await Promise.resolve();
        if (random() < 0.3) reservation.release();
        else {
          const actual = BigInt(Math.floor(random() * (Number(amount) + 1)));
          reservation.settle(actual);
          settledOn.set(budget, (settledOn.get(budget) ?? 0n) + actual);
        }
        ended.push(reservation);
        assertWithinLimits(all);
      };
      await Promise.all(Array.from({ length: 300 }, call));

      for (const budget of all) {
        expect(budget.snapshot().openReservations).toBe(0);
        expect(budget.reserved).toBe(0n);
      }
      expect(ended.every((reservation) => reservation.state !== 'open')).toBe(true);
      // Each level's spend is exactly what was settled on it and on its descendants.
      const settled = (...budgets: Budget[]) =>
        budgets.reduce((sum, b) => sum + (settledOn.get(b) ?? 0n), 0n);
      expect(root.spent).toBe(settled(...all));
      expect(middles[0]!.spent).toBe(settled(middles[0]!, leaves[0]!, leaves[1]!));
      expect(leaves[3]!.spent).toBe(settled(leaves[3]!));
      expect(root.snapshot().settledReservations + root.snapshot().releasedReservations).toBe(ended.length);
    }
  });
});
