import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type ModelInfo } from '@tokenwise/spec';
import { parseLocalModelsYaml } from '../registry/parse-local-models-yaml.js';

/**
 * Reads and parses a local models YAML file (`TOKENWISE_LOCAL_MODELS`). Pass the models to
 * `createModelRegistry({ models })`, or pass the text as `localModelsYaml`.
 * @throws InvalidArgumentError when the file cannot be read or is malformed.
 */
export async function loadLocalModelsFile(path: string): Promise<ModelInfo[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError({
      argument: 'TOKENWISE_LOCAL_MODELS',
      message: `Cannot read the local models file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check TOKENWISE_LOCAL_MODELS.`,
      cause: error,
    });
  }
  return parseLocalModelsYaml(text, path);
}
