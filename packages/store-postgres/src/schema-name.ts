import { InvalidArgumentError } from '@tokenwise/spec';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The default schema of the stores. */
export const DEFAULT_SCHEMA = 'tokenwise';

/**
 * Checks a schema name: lower-case letters, digits and `_`, at most 63 characters, so it needs no quoting rules
 * beyond double quotes and cannot smuggle SQL into the migrations. @throws InvalidArgumentError
 */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: `Invalid schema name "${schema}": expected lower-case letters, digits and _ (at most 63), starting with a letter or _.`,
    });
  }
  return schema;
}
