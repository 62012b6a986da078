export { googleModelPath, toGoogleModelId } from './google-model-id.js';
export { createGoogle, type GoogleProvider, type GoogleProviderSettings, google } from './google-provider.js';
