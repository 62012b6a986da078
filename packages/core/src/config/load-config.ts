import { invalidSetting } from './invalid-setting.js';
import { isRecord } from './is-record.js';
import { parseModelAliases } from './parse-model-aliases.js';
import { readConfigFile } from './read-config-file.js';
import { readModelOverrides } from './read-model-overrides.js';
import { KNOWN_FILE_KEYS, MODEL_ALIASES_ENV, RISK_GATE, SETTINGS } from './settings-table.js';
import type { TokenwiseConfig } from './tokenwise-config.js';

// What loadConfig returns and reads, re-exported where callers have always found them.
export { CONFIG_ENV_VARS } from './settings-table.js';
export type { EscalationPolicy, LogLevel, TokenwiseConfig, TraceLevel } from './tokenwise-config.js';

/** Inputs of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Environment variables (e.g. `process.env`); empty strings count as unset. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Text of the YAML config file, if one exists. */
  fileText?: string;
  /** Its path, for messages. */
  filePath?: string;
}

type Source = { value: unknown; from: string };

/**
 * Loads the settings: environment variable > config file > default (spec §11). Every value is validated.
 * @throws InvalidArgumentError naming the key and the expected form, e.g.
 * `TOKENWISE_DEFAULT_BUDGET must be a positive USD amount like 0.50 (got "abc").`
 */
export function loadConfig(options: LoadConfigOptions = {}): TokenwiseConfig {
  const env = options.env ?? {};
  const fileName = options.filePath ?? 'config file';
  const file = readConfigFile(options.fileText, fileName);
  const warnings = Object.keys(file)
    .filter((key) => !KNOWN_FILE_KEYS.has(key))
    .map((key) => `${fileName}: unknown key "${key}" ignored.`);

  const pick = (
    envName: string | undefined,
    fileKey: string,
    fileObject: Record<string, unknown>,
    prefix = '',
  ) => {
    const fromEnv = envName ? env[envName] : undefined;
    if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv, from: envName! } as Source;
    const fromFile = fileObject[fileKey];
    if (fromFile !== undefined && fromFile !== null)
      return { value: fromFile, from: `${fileName}: ${prefix}${fileKey}` } as Source;
    return undefined;
  };

  const config: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const found = pick(setting.env, setting.file, file);
    config[setting.field] = found
      ? (setting.parse as (value: unknown, from: string) => unknown)(found.value, found.from)
      : setting.fallback;
  }

  const riskFile = file.risk_gate ?? {};
  if (!isRecord(riskFile))
    invalidSetting(
      `${fileName}: risk_gate`,
      'a mapping with enabled, irreversible_block, ambiguity_threshold',
      riskFile,
    );
  const riskGate: Record<string, unknown> = {};
  for (const setting of RISK_GATE) {
    const found = pick(setting.env, setting.file, riskFile, 'risk_gate.');
    riskGate[setting.key] = found ? setting.parse(found.value, found.from) : setting.fallback;
  }
  config.riskGate = Object.freeze(riskGate);
  config.modelOverrides = readModelOverrides(file.model_overrides, fileName);
  // aliases merge: the file's map, then the environment's pairs (the environment wins per name)
  const envAliases = env[MODEL_ALIASES_ENV];
  config.modelAliases = Object.freeze({
    ...(file.model_aliases == null
      ? {}
      : parseModelAliases(file.model_aliases, `${fileName}: model_aliases`)),
    ...(envAliases === undefined ? {} : parseModelAliases(envAliases, MODEL_ALIASES_ENV)),
  });
  config.configFile = options.fileText === undefined ? undefined : options.filePath;
  config.warnings = Object.freeze(warnings);
  return Object.freeze(config) as unknown as TokenwiseConfig;
}
