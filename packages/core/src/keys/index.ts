export { createMemoryKeyStore, type MemoryKeyStoreOptions } from './create-memory-key-store.js';
export {
  type BudgetJson,
  budgetJson,
  type KeyJson,
  keyJson,
  keyStatus,
  parseKeyInputJson,
  parseKeyPatchJson,
  parseTeamInputJson,
  parseTeamPatchJson,
  type TeamJson,
  teamJson,
} from './key-json.js';
