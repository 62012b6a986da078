import { describe, expect, it } from 'vitest';
import { convertJsonSchemaToOpenApi } from './convert-json-schema-to-openapi.js';

describe('convertJsonSchemaToOpenApi', () => {
  it('strips keywords Gemini rejects and keeps the supported ones, recursively', () => {
    expect(
      convertJsonSchemaToOpenApi({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', description: 'Name', default: 'x', minLength: 1 },
          tags: { type: 'array', items: { type: 'string', additionalProperties: false }, maxItems: 3 },
        },
        required: ['name'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Name', minLength: 1 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      },
      required: ['name'],
    });
  });

  it('turns nullable type unions, null anyOf branches and const into OpenAPI forms', () => {
    expect(
      convertJsonSchemaToOpenApi({
        type: 'object',
        properties: {
          a: { type: ['string', 'null'] },
          b: { anyOf: [{ type: 'number' }, { type: 'null' }] },
          c: { const: 'fixed' },
          d: { enum: ['x', 'y', null] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true },
        b: { type: 'number', nullable: true },
        c: { type: 'string', enum: ['fixed'] },
        d: { type: 'string', enum: ['x', 'y'], nullable: true },
      },
    });
  });

  it('returns undefined for an empty object schema and for no schema', () => {
    expect(convertJsonSchemaToOpenApi({ type: 'object', properties: {} })).toBeUndefined();
    expect(convertJsonSchemaToOpenApi(undefined)).toBeUndefined();
  });
});
