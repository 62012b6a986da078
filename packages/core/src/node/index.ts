export { createFileCatalogCache } from './create-file-catalog-cache.js';
export { type DefaultPaths, defaultPaths } from './default-paths.js';
export { loadLocalModelsFile } from './load-local-models-file.js';
export { readConfigFile } from './read-config-file.js';
