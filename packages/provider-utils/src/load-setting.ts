import { readEnvironmentVariable } from './read-environment-variable.js';

/**
 * A setting such as a base URL: the explicit value, else the environment variable (read now), else the
 * default. Empty strings count as unset.
 */
export function loadSetting({
  settingValue,
  environmentVariableName,
  defaultValue,
}: {
  settingValue: string | undefined;
  environmentVariableName: string;
  defaultValue: string;
}): string {
  return loadOptionalSetting({ settingValue, environmentVariableName }) ?? defaultValue;
}

/** Like `loadSetting` without a default: undefined when neither the value nor the variable is set. */
export function loadOptionalSetting({
  settingValue,
  environmentVariableName,
}: {
  settingValue: string | undefined;
  environmentVariableName: string;
}): string | undefined {
  if (typeof settingValue === 'string' && settingValue !== '') return settingValue;
  const fromEnvironment = readEnvironmentVariable(environmentVariableName);
  return fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment;
}
