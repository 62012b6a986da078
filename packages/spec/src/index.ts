export * from './errors/index.js';
export * from './language-model/index.js';
export * from './model/index.js';
export * from './money/index.js';
export * from './provider/index.js';
export * from './records/index.js';
export * from './routing/index.js';
export * from './stores/index.js';
