export type { ProviderV1 } from './provider-v1.js';
