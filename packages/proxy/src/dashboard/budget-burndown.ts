import type {
  BudgetScopeSnapshot,
  BudgetStore,
  LedgerAggregate,
  LedgerAggregateQuery,
  PicoUsd,
} from '@tokenwise/spec';

/** A budget scope with its figures and how its window's spend built up (from the ledger). */
export interface BudgetBurndown extends BudgetScopeSnapshot {
  /** What the scope is: the process, a key or a team. */
  scopeKind: 'process' | 'key' | 'team';
  /** The key or team id (absent for the process). */
  scopeId?: string;
  /** Spend recorded in the ledger for this scope in its current window. */
  ledgerSpend: PicoUsd;
  /** Cumulative ledger spend at the end of each bucket of the window, and what was left of the limit then. */
  burn: { at: string; spent: PicoUsd; remaining: PicoUsd | undefined }[];
}

const DAY_MS = 86_400_000;

/**
 * The budgets of the process and of every key and team the aggregate names (scopes `process`, `key:<id>`,
 * `team:<id>`; scopes the store does not define are left out), each with a burn-down of its current window
 * computed by `aggregate` (hourly for windows up to two days, daily beyond).
 */
export async function budgetBurndowns(
  store: BudgetStore,
  seen: Pick<LedgerAggregate, 'byKey' | 'byTeam'>,
  aggregate: (query: LedgerAggregateQuery) => Promise<LedgerAggregate>,
): Promise<BudgetBurndown[]> {
  const scopes: { id: string; scopeKind: BudgetBurndown['scopeKind']; scopeId?: string }[] = [
    { id: 'process', scopeKind: 'process' },
  ];
  for (const keyId of Object.keys(seen.byKey)) {
    if (keyId !== '(none)') scopes.push({ id: `key:${keyId}`, scopeKind: 'key', scopeId: keyId });
  }
  for (const teamId of Object.keys(seen.byTeam)) {
    if (teamId !== '(none)') scopes.push({ id: `team:${teamId}`, scopeKind: 'team', scopeId: teamId });
  }
  const out: BudgetBurndown[] = [];
  for (const scope of scopes) {
    const snapshot = await store.snapshot(scope.id);
    if (snapshot === undefined) continue;
    const query: LedgerAggregateQuery = { top: 0 };
    if (snapshot.windowStart !== undefined) query.since = snapshot.windowStart;
    if (snapshot.windowEnd !== undefined) query.until = snapshot.windowEnd;
    const windowMs =
      snapshot.windowStart !== undefined && snapshot.windowEnd !== undefined
        ? Date.parse(snapshot.windowEnd) - Date.parse(snapshot.windowStart)
        : Number.POSITIVE_INFINITY;
    query.bucket = windowMs <= 2 * DAY_MS ? 'hour' : 'day';
    if (scope.scopeKind === 'key') query.keyId = scope.scopeId!;
    if (scope.scopeKind === 'team') query.teamId = scope.scopeId!;
    const window = await aggregate(query);
    let spent = 0n;
    const burn = window.series.map((point) => {
      spent += point.spend;
      return {
        at: new Date(Date.parse(point.start) + (query.bucket === 'hour' ? 3_600_000 : DAY_MS)).toISOString(),
        spent,
        remaining: snapshot.limit === undefined ? undefined : snapshot.limit - spent,
      };
    });
    out.push({
      ...snapshot,
      scopeKind: scope.scopeKind,
      ...(scope.scopeId === undefined ? {} : { scopeId: scope.scopeId }),
      ledgerSpend: window.totals.spend,
      burn,
    });
  }
  return out;
}
