export {
  type BudgetStoreConformanceOptions,
  type BudgetStoreHandle,
  budgetStoreConformance,
} from './budget-store-conformance.js';
export {
  describeProviderConformance,
  type ProviderConformanceOptions,
  serializeError,
} from './describe-provider-conformance.js';
export {
  type KeyStoreConformanceOptions,
  type KeyStoreHandle,
  keyStoreConformance,
} from './key-store-conformance.js';
export { createTestClock, type TestClock } from './test-clock.js';
