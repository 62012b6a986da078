export { createMemoryKeyStore, type MemoryKeyStoreOptions } from './create-memory-key-store.js';
