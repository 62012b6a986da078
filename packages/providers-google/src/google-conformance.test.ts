import { createGoogleMockUpstream, geminiConformanceScript } from '@tokenwise/testkit';
import { describeProviderConformance } from '@tokenwise/testkit/vitest';
import { createGoogle } from './google-provider.js';

describeProviderConformance({
  name: 'google',
  createUpstream: () => createGoogleMockUpstream(),
  createModel: ({ fetch, apiKey }) => createGoogle({ apiKey, fetch }).languageModel('gemini-2.5-flash'),
  script: geminiConformanceScript,
});
