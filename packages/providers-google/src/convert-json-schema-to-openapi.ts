import type { JsonObject, JsonSchema, JsonValue } from '@tokenwise/spec';

// The keywords of Gemini's `Schema` object (an OpenAPI 3.0 subset). Anything else ($schema, additionalProperties,
// $ref, default, examples, patternProperties, ...) is dropped, because the API rejects unknown fields.
const passThrough = new Set([
  'description',
  'title',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'propertyOrdering',
]);

/**
 * Converts a JSON Schema to the OpenAPI subset Gemini accepts in `parameters` and `responseSchema`:
 * unsupported keywords are stripped, `type: [x, 'null']` becomes `type: x` + `nullable`, `const` becomes a
 * one-value `enum`, and an object schema without properties becomes `undefined` (Gemini rejects empty objects;
 * a function without parameters simply has none).
 */
export function convertJsonSchemaToOpenApi(schema: JsonSchema | undefined): JsonObject | undefined {
  if (schema === undefined) return undefined;
  if (isEmptyObjectSchema(schema)) return undefined;
  return convertNode(schema);
}

function convertNode(schema: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined) continue;
    if (passThrough.has(key)) {
      result[key] = value;
    } else if (key === 'type') {
      if (Array.isArray(value)) {
        const types = value.filter((type) => type !== 'null');
        if (types.length !== value.length) result.nullable = true;
        if (types.length === 1) result.type = types[0];
        else if (types.length > 1) result.anyOf = types.map((type) => ({ type }));
      } else {
        result.type = value;
      }
    } else if (key === 'nullable' && typeof value === 'boolean') {
      result.nullable = value;
    } else if (key === 'enum' && Array.isArray(value)) {
      // Gemini enums are string enums:
      result.enum = value.filter((item) => item !== null).map((item) => String(item));
      if (value.includes(null)) result.nullable = true;
      result.type ??= 'string';
    } else if (key === 'const' && value !== null) {
      result.enum = [String(value)];
      result.type ??= 'string';
    } else if (key === 'properties' && isObject(value)) {
      const properties: JsonObject = {};
      for (const [name, property] of Object.entries(value)) {
        if (isObject(property)) properties[name] = convertNode(property);
      }
      result.properties = properties;
    } else if (key === 'items' && isObject(value)) {
      result.items = convertNode(value);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const nonNull = value.filter((option) => !(isObject(option) && option.type === 'null'));
      if (nonNull.length !== value.length) result.nullable = true;
      const converted = nonNull.filter(isObject).map((option) => convertNode(option));
      if (converted.length === 1) Object.assign(result, converted[0]);
      else result.anyOf = converted;
    }
  }
  return result;
}

function isEmptyObjectSchema(schema: JsonObject): boolean {
  return (
    schema.type === 'object' &&
    (schema.properties === undefined ||
      (isObject(schema.properties) && Object.keys(schema.properties).length === 0))
  );
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
