import type { CallRecord, LedgerEntry, PicoUsd, TaskRecord } from '@tokenwise/spec';
import { toDecimalString } from '@tokenwise/spec';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { createLabelFolder } from './create-label-folder.js';

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Catalog ids are kept as `model` labels; others fold into `other` (default: any, up to `maxModels`). */
  isKnownModel?: (modelId: string) => boolean;
  /** Distinct models labelled before the rest fold into `other` (default 200). */
  maxModels?: number;
  /** Distinct keys and teams labelled before the rest fold into `other` (default 500 each). */
  maxKeys?: number;
  /** Also export Node's process metrics (CPU, memory, event loop lag); default false. */
  processMetrics?: boolean;
}

/** A Prometheus registry fed by ledger records: hand every record to `onRecord`, serve `render()` at `/metrics`. */
export interface PrometheusMetrics {
  onRecord(record: CallRecord | TaskRecord): void;
  /** Content type of `render()`'s text (the Prometheus text format). */
  readonly contentType: string;
  render(): Promise<string>;
  /** The prom-client registry, to add process metrics or gauges of one's own. */
  readonly registry: Registry;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/**
 * Creates the metrics registry of a TokenWise server, derived from the engine's records only (so every door
 * reports the same way): requests by door, model, strategy, status and outcome; upstream latency by provider and
 * model; tokens in and out; spend in USD by model and by key/team; attempts by kind and outcome; failures,
 * refusals and reservation overruns by reason. Spend is summed exactly in pico-dollars and turned into the
 * counter's value at scrape time, so the counter equals the ledger's total. Labels never carry request ids or
 * free text, and models, keys and teams are bounded.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  const model = createLabelFolder(options.maxModels ?? 200, options.isKnownModel);
  const keyLabel = createLabelFolder(options.maxKeys ?? 500);
  const teamLabel = createLabelFolder(options.maxKeys ?? 500);
  // Small closed sets in practice; bounded anyway because a record may come from a file.
  const door = createLabelFolder(20);
  const strategy = createLabelFolder(20);
  const provider = createLabelFolder(50);
  const reason = createLabelFolder(100);
  const outcomeLabel = createLabelFolder(20);

  const requests = new Counter({
    name: 'tokenwise_requests_total',
    help: 'Client requests, by door, model used, strategy, HTTP status and outcome.',
    labelNames: ['door', 'model', 'strategy', 'status', 'outcome'] as const,
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'tokenwise_attempts_total',
    help: 'Upstream attempts, by provider, model, attempt kind (first, retry, failover, escalation) and outcome.',
    labelNames: ['provider', 'model', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const failovers = new Counter({
    name: 'tokenwise_failovers_total',
    help: 'Attempts that moved to another model, by kind (failover or escalation).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'tokenwise_attempt_failures_total',
    help: 'Failed attempts, by model and reason (error code, else upstream status, else outcome).',
    labelNames: ['model', 'reason'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'tokenwise_refusals_total',
    help: 'Requests refused before any upstream call (budget, unpriced model, no route), by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tokenwise_upstream_latency_seconds',
    help: 'Duration of upstream attempts that were sent, by provider and model.',
    labelNames: ['provider', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'tokenwise_tokens_total',
    help: 'Tokens of attempts (task entries included), by direction (input or output) and model.',
    labelNames: ['direction', 'model'] as const,
    registers: [registry],
  });
  const tasks = new Counter({
    name: 'tokenwise_tasks_total',
    help: 'Planner tasks, by outcome (ok or error).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  // Exact sums, turned into counter values when scraped (a float counter summed call by call would drift).
  const spendByModel = new Map<string, PicoUsd>();
  const spendByScope = new Map<string, { key: string; team: string; spend: PicoUsd }>();
  const overrunByModel = new Map<string, PicoUsd>();
  const reservedByModel = new Map<string, PicoUsd>();
  const exactCounter = (
    name: string,
    help: string,
    labelNames: readonly string[],
    values: () => Iterable<[Record<string, string>, PicoUsd]>,
  ) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, amount] of values()) this.inc(labels, Number(toDecimalString(amount)));
      },
    });
  const entriesOf = (map: Map<string, PicoUsd>) =>
    (function* () {
      for (const [name, amount] of map) yield [{ model: name }, amount] as [Record<string, string>, PicoUsd];
    })();
  exactCounter(
    'tokenwise_spend_usd_total',
    'Spend in USD, by model (exact sums of the ledger records).',
    ['model'],
    () => entriesOf(spendByModel),
  );
  exactCounter(
    'tokenwise_key_spend_usd_total',
    'Spend in USD of requests made with a virtual key, by key id and team.',
    ['key', 'team'],
    function* () {
      for (const { key, team, spend } of spendByScope.values()) yield [{ key, team }, spend];
    },
  );
  exactCounter(
    'tokenwise_reserved_usd_total',
    'Worst-case amounts reserved before attempts, by model.',
    ['model'],
    () => entriesOf(reservedByModel),
  );
  exactCounter(
    'tokenwise_reservation_overrun_usd_total',
    'How much settled costs went above their reservations (a vendor billed past the clamp), by model.',
    ['model'],
    () => entriesOf(overrunByModel),
  );
  // prom-client's process metrics start timers: only servers that ask for them get them.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const add = (map: Map<string, PicoUsd>, name: string, amount: PicoUsd) => {
    if (amount !== 0n || !map.has(name)) map.set(name, (map.get(name) ?? 0n) + amount);
  };

  const onSpend = (modelLabel: string, entry: LedgerEntry) => {
    add(spendByModel, modelLabel, entry.cost);
    tokens.inc({ direction: 'input', model: modelLabel }, entry.inputTokens);
    tokens.inc({ direction: 'output', model: modelLabel }, entry.outputTokens);
  };

  const onAttempt = (record: CallRecord) => {
    const modelLabel = model(record.modelId);
    const outcome = outcomeLabel(outcomeOf(record));
    const providerLabel = provider(record.providerId ?? 'unknown');
    onSpend(modelLabel, record);
    if (record.keyId !== undefined || record.teamId !== undefined) {
      const key = keyLabel(record.keyId ?? 'none');
      const team = teamLabel(record.teamId ?? 'none');
      const id = `${key}\u0000${team}`;
      const scope = spendByScope.get(id) ?? { key, team, spend: 0n };
      scope.spend += record.cost;
      spendByScope.set(id, scope);
    }
    attempts.inc({
      provider: providerLabel,
      model: modelLabel,
      kind: record.attemptKind ?? 'unknown',
      outcome,
    });
    if (record.attemptKind === 'failover' || record.attemptKind === 'escalation') {
      failovers.inc({ kind: record.attemptKind });
    }
    if (outcome !== 'ok') failures.inc({ model: modelLabel, reason: reason(failureReason(record, outcome)) });
    if (record.called !== false && record.latencyMs !== undefined) {
      latency.observe({ provider: providerLabel, model: modelLabel }, record.latencyMs / 1000);
    }
    if (record.reserved !== undefined) add(reservedByModel, modelLabel, record.reserved);
    if (record.overrun !== undefined && record.overrun > 0n) add(overrunByModel, modelLabel, record.overrun);
  };

  return {
    registry,
    get contentType() {
      return registry.contentType;
    },
    render: () => registry.metrics(),
    onRecord(record) {
      if (record.kind === 'task') {
        tasks.inc({ outcome: record.success ? 'ok' : 'error' });
        let entries = 0n;
        for (const entry of record.entries) {
          entries += entry.cost;
          onSpend(model(entry.modelId), entry);
        }
        // Planner spend not recorded as an entry still counts, as in the ledger's totals.
        if (record.totalCost !== entries) add(spendByModel, '(unattributed)', record.totalCost - entries);
        return;
      }
      if (record.kind === 'attempt') {
        onAttempt(record);
        return;
      }
      const outcome = outcomeLabel(outcomeOf(record));
      requests.inc({
        door: door(record.door ?? 'unknown'),
        model: record.modelsTried?.length === 0 ? 'none' : model(record.modelId),
        strategy: strategy(record.strategy ?? 'none'),
        status: record.status === undefined ? 'unknown' : String(record.status),
        outcome,
      });
      if (outcome === 'refused') refusals.inc({ reason: reason(record.errorCode ?? 'unknown') });
    },
  };
}

function outcomeOf(record: CallRecord): string {
  return record.outcome ?? (record.success ? 'ok' : 'error');
}

function failureReason(record: CallRecord, outcome: string): string {
  if (record.errorCode !== undefined) return record.errorCode;
  if (record.status !== undefined) return `http_${record.status}`;
  return outcome;
}
