import { anthropicConformanceScript, createAnthropicMockUpstream } from '@tokenwise/testkit';
import { describeProviderConformance } from '@tokenwise/testkit/vitest';
import { createAnthropic } from './anthropic-provider.js';

describeProviderConformance({
  name: 'anthropic',
  createUpstream: () => createAnthropicMockUpstream(),
  createModel: ({ fetch, apiKey }) => createAnthropic({ apiKey, fetch }).languageModel('claude-sonnet-4-5'),
  script: anthropicConformanceScript,
});
