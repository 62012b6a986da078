import { describeProviderConformance } from '@tokenwise/testkit/vitest';
import { createGoogleMockUpstream, geminiConformanceScript } from '../../testkit/src/mock-upstream/google.js';
import { createGoogle } from './google-provider.js';

describeProviderConformance({
  name: 'google',
  createUpstream: () => createGoogleMockUpstream(),
  createModel: ({ fetch, apiKey }) => createGoogle({ apiKey, fetch }).languageModel('gemini-2.5-flash'),
  script: geminiConformanceScript,
});
