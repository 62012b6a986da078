import type { Message, Strategy } from '@tokenwise/spec';
import type { FailoverPolicy } from '../failover/create-failover-policy.js';
import type { FailedModels } from '../failover/failed-models.js';
import type { LedgerWriter } from '../ledger/create-ledger-writer.js';
import type { ProxyDeps, ProxyLogger } from '../proxy-deps.js';

/** The deps with every default filled in, built once per app (never per request). */
export interface ChatRuntime {
  registry: ProxyDeps['registry'];
  router: ProxyDeps['router'];
  resolve: ProxyDeps['resolve'];
  processBudget: ProxyDeps['processBudget'];
  defaultStrategy: Strategy;
  defaultBudget: ProxyDeps['defaultBudget'];
  minOutputTokens: number;
  defaultMaxOutputTokens: number;
  countPromptTokens: (prompt: Message[]) => number;
  countTextTokens: (text: string) => number;
  checkRequest: ((prompt: Message[]) => void) | undefined;
  failedModels: FailedModels;
  policy: FailoverPolicy;
  explicitModelFailover: boolean;
  maxAttempts: number;
  upstreamTimeoutMs: number;
  clock: () => number;
  generateId: () => string;
  ledger: LedgerWriter;
  /** Catalog ids that cannot take the request's `tools` (empty for requests without tools). */
  toolless: (request: { callOptions: { tools?: unknown[] } }) => readonly string[];
  logger: ProxyLogger;
}
