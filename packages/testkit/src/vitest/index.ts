export {
  describeProviderConformance,
  type ProviderConformanceOptions,
  serializeError,
} from './describe-provider-conformance.js';
