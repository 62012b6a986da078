import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { countTokensRequestSchema, messagesRequestSchema } from '../dialects/anthropic/request-schema.js';
import { chatCompletionRequestSchema } from '../dialects/openai/request-schema.js';
import { responsesRequestSchema } from '../dialects/responses/request-schema.js';
import {
  createdKeySchema,
  errorSchema,
  keyInputSchema,
  keyJsonSchema,
  keyPatchSchema,
  teamInputSchema,
  teamJsonSchema,
  teamPatchSchema,
} from './admin-schemas.js';

/** A JSON value of the document (internal shape; the document is plain JSON). */
type Json = Record<string, unknown>;

/** An OpenAPI 3.1 document (plain JSON). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  tags: Array<{ name: string; description: string }>;
}

/**
 * JSON Schema (2020-12, OpenAPI 3.1's dialect) of a valibot schema: the same schema that validates the requests.
 * Checks valibot cannot express (custom refinements) are left out, not guessed.
 */
function jsonSchemaOf(schema: GenericSchema): Json {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
  }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: Json) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: jsonContent(ref('Error')) });
const anyObject = { type: 'object', additionalProperties: true };

/** The answers every door can give besides its success (OpenAI-shaped errors; the Messages door answers Anthropic's). */
const doorErrors = {
  '400': errorResponse('Invalid request (the message names the field).'),
  '401': errorResponse('Missing or unknown API key.'),
  '402': errorResponse('The budget cannot pay for this request (`budget_exceeded`).'),
  '403': errorResponse('The key may not use this model or strategy, or is disabled, revoked or expired.'),
  '404': errorResponse('Unknown model.'),
  '413': errorResponse('Body too large or too deeply nested.'),
  '415': errorResponse('Not a JSON body.'),
  '429': errorResponse('Rate limited upstream on every candidate.'),
  '502': errorResponse('Every candidate model failed upstream.'),
  '504': errorResponse('The upstream timed out.'),
};

const answerHeaders = {
  'x-tokenwise-model': { description: 'The model that answered.', schema: { type: 'string' } },
  'x-tokenwise-request-id': {
    description: 'The request id (also in the ledger).',
    schema: { type: 'string' },
  },
  'x-tokenwise-cost': {
    description:
      'What the request cost in USD (non-streamed answers; streams report it in their last event); `unknown` for a model without a known price whose vendor reported no cost.',
    schema: { type: 'string' },
  },
  'x-tokenwise-max-cost': {
    description: 'The reservation: the most it could cost; `unknown` for a model without a known price.',
    schema: { type: 'string' },
  },
};

function door(options: {
  tag: string;
  summary: string;
  description: string;
  schema: string;
  stream: boolean;
}): Json {
  return {
    tags: [options.tag],
    summary: options.summary,
    description: options.description,
    security: [{ apiKey: [] }, {}],
    parameters: [
      {
        name: 'x-tokenwise-budget',
        in: 'header',
        required: false,
        description:
          'Ceiling of this request in USD (e.g. `0.05`); the same as `tokenwise.budget` in the body.',
        schema: { type: 'string' },
      },
      {
        name: 'traceparent',
        in: 'header',
        required: false,
        description: 'W3C trace context: the request span continues this trace when tracing is on.',
        schema: { type: 'string' },
      },
    ],
    requestBody: { required: true, content: jsonContent(ref(options.schema)) },
    responses: {
      '200': {
        description: options.stream
          ? 'The answer; with `stream: true` a `text/event-stream` of events.'
          : 'The answer.',
        headers: answerHeaders,
        content: {
          'application/json': { schema: anyObject },
          ...(options.stream ? { 'text/event-stream': { schema: { type: 'string' } } } : {}),
        },
      },
      ...doorErrors,
    },
  };
}

function adminOperation(summary: string, options: { body?: string; answer: Json; status?: string }): Json {
  return {
    tags: ['admin'],
    summary,
    security: [{ adminKey: [] }],
    ...(options.body === undefined
      ? {}
      : { requestBody: { required: true, content: jsonContent(ref(options.body)) } }),
    responses: {
      [options.status ?? '200']: { description: 'OK', content: jsonContent(options.answer) },
      '400': errorResponse('Invalid body (the message names the field).'),
      '403': errorResponse('Missing or wrong admin key, or no admin key configured.'),
      '404': errorResponse('No such key or team.'),
    },
  };
}

const idParameter = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what} id.`,
  schema: { type: 'string' },
});

const dashboardParameters = [
  ['since', 'Start of the range (ISO 8601 time or date).'],
  ['until', 'End of the range, exclusive (ISO 8601 time or date).'],
  ['bucket', 'Series bucket: `hour` or `day`.'],
  ['key', 'Only this key id.'],
  ['team', 'Only this team id.'],
  ['model', 'Only this model id.'],
  ['top', 'How many of the most expensive requests (`top-requests`, `summary`).'],
].map(([name, description]) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema:
    name === 'top'
      ? { type: 'integer', minimum: 0 }
      : name === 'bucket'
        ? { enum: ['hour', 'day'] }
        : { type: 'string' },
}));

function dashboardOperation(summary: string): Json {
  return {
    tags: ['dashboard'],
    summary,
    description: 'Aggregated from the ledger; money as exact decimal USD strings.',
    security: [{ adminKey: [] }],
    parameters: dashboardParameters,
    responses: {
      '200': { description: 'OK', content: jsonContent(anyObject) },
      '400': errorResponse('A bad query value (named in the message).'),
      '403': errorResponse('Missing or wrong admin key, or no admin key configured.'),
      '503': errorResponse('The proxy has no readable ledger.'),
    },
  };
}

/**
 * The proxy's OpenAPI 3.1 document: every door (request bodies converted from the valibot schemas that validate
 * them), `/v1/models`, `/health`, `/metrics`, the admin API, the dashboard API, `/ui`, and this document with its
 * `/docs` page. Built once per app.
 */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TokenWise proxy',
      version,
      description:
        'An LLM gateway with routing, budgets, failover and exact cost on every answer. Speaks OpenAI Chat ' +
        'Completions, OpenAI Responses and Anthropic Messages. `model: "auto"` or `tokenwise/<strategy>` routes; ' +
        'a model id calls that model.',
    },
    tags: [
      { name: 'doors', description: 'The LLM endpoints (one engine behind all of them).' },
      { name: 'models', description: 'The catalog.' },
      { name: 'operations', description: 'Health, metrics and this description.' },
      { name: 'admin', description: 'Virtual keys and teams (behind `TOKENWISE_ADMIN_KEY`).' },
      { name: 'dashboard', description: 'Spend aggregates behind the `/ui` dashboard (admin key).' },
    ],
    paths: {
      '/v1/chat/completions': {
        post: door({
          tag: 'doors',
          summary: 'Create a chat completion (OpenAI Chat Completions)',
          description: 'OpenAI-compatible; `tokenwise` in the body sets strategy, capability and budget.',
          schema: 'ChatCompletionRequest',
          stream: true,
        }),
      },
      '/v1/responses': {
        post: door({
          tag: 'doors',
          summary: 'Create a response (OpenAI Responses)',
          description: 'OpenAI Responses-compatible, streamed or not.',
          schema: 'ResponsesRequest',
          stream: true,
        }),
      },
      '/v1/messages': {
        post: door({
          tag: 'doors',
          summary: 'Create a message (Anthropic Messages)',
          description: "Anthropic Messages-compatible; errors use Anthropic's shape on this door.",
          schema: 'MessagesRequest',
          stream: true,
        }),
      },
      '/v1/messages/count_tokens': {
        post: {
          tags: ['doors'],
          summary: 'Count the input tokens of a message (Anthropic)',
          security: [{ apiKey: [] }, {}],
          requestBody: { required: true, content: jsonContent(ref('CountTokensRequest')) },
          responses: {
            '200': {
              description: 'The count.',
              content: jsonContent({
                type: 'object',
                properties: { input_tokens: { type: 'integer' } },
                required: ['input_tokens'],
              }),
            },
            '400': doorErrors['400'],
            '401': doorErrors['401'],
          },
        },
      },
      '/v1/models': {
        get: {
          tags: ['models'],
          summary: 'List the models: `auto`, the `tokenwise/*` strategies, then the catalog',
          security: [{ apiKey: [] }, {}],
          responses: { '200': { description: "OpenAI's model list.", content: jsonContent(anyObject) } },
        },
      },
      '/v1/models/{id}': {
        get: {
          tags: ['models'],
          summary: 'One model (ids contain `/`, e.g. `openai/gpt-4.1`)',
          security: [{ apiKey: [] }, {}],
          parameters: [idParameter('model')],
          responses: {
            '200': { description: 'The model.', content: jsonContent(anyObject) },
            '404': errorResponse('Unknown model.'),
          },
        },
      },
      '/health': {
        get: {
          tags: ['operations'],
          summary: 'Liveness: `{ status, version }`; 503 while draining',
          responses: {
            '200': {
              description: 'Serving.',
              content: jsonContent({
                type: 'object',
                properties: { status: { const: 'ok' }, version: { type: 'string' } },
                required: ['status', 'version'],
              }),
            },
            '503': { description: 'Draining: stop sending requests.' },
          },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          summary: 'Prometheus metrics (when the app serves them)',
          security: [{ adminKey: [] }, {}],
          responses: {
            '200': {
              description: 'The Prometheus text format.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['operations'],
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1.', content: jsonContent(anyObject) } },
        },
      },
      '/docs': {
        get: {
          tags: ['operations'],
          summary: 'This document as a page',
          responses: {
            '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } },
          },
        },
      },
      '/ui': {
        get: {
          tags: ['dashboard'],
          summary: 'The spend dashboard (HTML; HTTP Basic with the admin key as password)',
          security: [{ dashboardBasic: [] }],
          responses: {
            '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } },
            '401': { description: 'Asks for the admin key.' },
          },
        },
      },
      '/admin/keys': {
        post: adminOperation('Create a key (the secret is shown once)', {
          body: 'KeyInput',
          answer: ref('CreatedKey'),
          status: '201',
        }),
        get: {
          ...adminOperation('List keys', { answer: listOf('Key') }),
          parameters: [
            { name: 'team_id', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'include_revoked', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
          ],
        },
      },
      '/admin/keys/{id}': {
        get: {
          ...adminOperation('Show a key with its spend', { answer: ref('Key') }),
          parameters: [idParameter('key')],
        },
        patch: {
          ...adminOperation('Update a key (`null` clears a field)', { body: 'KeyPatch', answer: ref('Key') }),
          parameters: [idParameter('key')],
        },
      },
      '/admin/keys/{id}/revoke': {
        post: {
          ...adminOperation('Revoke a key (idempotent)', { answer: ref('Key') }),
          parameters: [idParameter('key')],
        },
      },
      '/admin/teams': {
        post: adminOperation('Create a team', { body: 'TeamInput', answer: ref('Team'), status: '201' }),
        get: adminOperation('List teams', { answer: listOf('Team') }),
      },
      '/admin/teams/{id}': {
        get: {
          ...adminOperation('Show a team with its spend', { answer: ref('Team') }),
          parameters: [idParameter('team')],
        },
        patch: {
          ...adminOperation('Update a team (`null` clears a field)', {
            body: 'TeamPatch',
            answer: ref('Team'),
          }),
          parameters: [idParameter('team')],
        },
      },
      '/admin/api/summary': { get: dashboardOperation('Everything the dashboard shows, with budgets') },
      '/admin/api/spend': { get: dashboardOperation('Spend over time, by model') },
      '/admin/api/breakdown': { get: dashboardOperation('Spend by model, key and team, with budgets') },
      '/admin/api/top-requests': {
        get: dashboardOperation('The most expensive requests with their routing traces'),
      },
      '/admin/api/rates': { get: dashboardOperation('Requests, failure and failover rates over time') },
      '/admin/api/budgets': { get: dashboardOperation('Burn-down of each budget in its window') },
    },
    components: {
      schemas: {
        ChatCompletionRequest: jsonSchemaOf(chatCompletionRequestSchema),
        ResponsesRequest: jsonSchemaOf(responsesRequestSchema),
        MessagesRequest: jsonSchemaOf(messagesRequestSchema),
        CountTokensRequest: jsonSchemaOf(countTokensRequestSchema),
        KeyInput: jsonSchemaOf(keyInputSchema),
        KeyPatch: jsonSchemaOf(keyPatchSchema),
        Key: jsonSchemaOf(keyJsonSchema),
        CreatedKey: jsonSchemaOf(createdKeySchema),
        TeamInput: jsonSchemaOf(teamInputSchema),
        TeamPatch: jsonSchemaOf(teamPatchSchema),
        Team: jsonSchemaOf(teamJsonSchema),
        Error: jsonSchemaOf(errorSchema),
      },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A proxy key (`TOKENWISE_PROXY_KEYS`) or a virtual key; not needed when none is configured.',
        },
        adminKey: { type: 'http', scheme: 'bearer', description: '`TOKENWISE_ADMIN_KEY`.' },
        dashboardBasic: {
          type: 'http',
          scheme: 'basic',
          description: 'Any user name, the admin key as password.',
        },
      },
    },
  };
}

function listOf(name: string): Json {
  return {
    type: 'object',
    properties: { object: { const: 'list' }, data: { type: 'array', items: ref(name) } },
    required: ['object', 'data'],
  };
}
