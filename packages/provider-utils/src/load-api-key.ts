import { LoadApiKeyError } from '@tokenwise/spec';
import { readEnvironmentVariable } from './read-environment-variable.js';

/**
 * The API key to use: `apiKey` when given, else the environment variable, read now (call it when a request is
 * made, never when a provider is created). Throws `LoadApiKeyError` naming the variable when neither is set.
 */
export function loadApiKey({
  apiKey,
  environmentVariableName,
  provider,
}: {
  apiKey: string | undefined;
  environmentVariableName: string;
  provider: string;
}): string {
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const fromEnvironment = readEnvironmentVariable(environmentVariableName);
  if (fromEnvironment === undefined || fromEnvironment === '') {
    throw new LoadApiKeyError({ provider, environmentVariableName });
  }
  return fromEnvironment;
}
