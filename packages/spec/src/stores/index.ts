export {
  checkBudgetAmount,
  checkBudgetReservation,
  checkLeaseMs,
  checkScopeDefinition,
} from './budget-checks.js';
export type {
  BudgetPeriod,
  BudgetReservationState,
  BudgetScopeDefinition,
  BudgetScopeSnapshot,
  BudgetStore,
  BudgetStoreReservation,
  BudgetStoreReserveResult,
} from './budget-store.js';
export { BUDGET_PERIODS, type BudgetWindow, budgetWindow, parseBudgetPeriod } from './budget-window.js';
export {
  applyKeyPatch,
  applyTeamPatch,
  judgeKey,
  keyScopeDefinition,
  newTeam,
  newVirtualKey,
  teamScopeDefinition,
  unknownRecordError,
} from './key-rules.js';
export {
  createKeySecret,
  createStoreId,
  hashKeySecret,
  KEY_PREFIX_LENGTH,
  KEY_SECRET_PREFIX,
  keySecretPrefix,
} from './key-secret.js';
export {
  type BudgetFields,
  type CreatedVirtualKey,
  type KeyAuthenticateOptions,
  type KeyAuthentication,
  type KeyListOptions,
  type KeyRefusalReason,
  type KeyStore,
  keyScope,
  keyScopes,
  type Team,
  type TeamInput,
  type TeamPatch,
  teamScope,
  type VirtualKey,
  type VirtualKeyInput,
  type VirtualKeyPatch,
} from './key-store.js';
export type { LedgerReadOptions, LedgerStore, LedgerWarning } from './ledger-store.js';
