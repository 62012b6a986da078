export { callsLedgerPath } from './stores/calls-ledger-path.js';
export {
  createJsonlLedgerStore,
  type JsonlLedgerStore,
  type JsonlLedgerStoreOptions,
} from './stores/create-jsonl-ledger-store.js';
export { defaultLedgerPath } from './stores/default-ledger-path.js';
export { aggregateIndexPath } from './stores/persisted-aggregate-index.js';
