export { aggregateRecords } from './aggregate-records.js';
export {
  type CheckedAggregateQuery,
  checkAggregateQuery,
  MAX_TOP_REQUESTS,
} from './check-aggregate-query.js';
export { type AggregateIndex, createAggregateIndex, NO_SCOPE } from './create-aggregate-index.js';
