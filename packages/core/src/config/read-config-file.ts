import { InvalidArgumentError } from '@tokenwise/spec';
import * as v from 'valibot';
import { parse } from 'yaml';

const FileSchema = v.record(v.string(), v.unknown());
/**
 * The config file's settings: its YAML text parsed into a mapping (empty for no or an empty file).
 * @throws InvalidArgumentError naming the file when it is not YAML or not a mapping.
 */
export function readConfigFile(text: string | undefined, fileName: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InvalidArgumentError({
      argument: fileName,
      message: `${fileName} is not valid YAML (${detail}); expected a mapping like "default_budget: 0.50".`,
      cause: error,
    });
  }
  if (document === null || document === undefined) return {};
  const result = v.safeParse(FileSchema, document);
  if (!result.success || Array.isArray(document)) {
    throw new InvalidArgumentError({
      argument: fileName,
      message: `${fileName} must be a YAML mapping of settings like "default_budget: 0.50".`,
    });
  }
  return result.output;
}
