import { anthropicOnlyFeatureWarnings } from '@tokenwise/provider-utils';
import type { CallOptions, CallWarning, JsonObject } from '@tokenwise/spec';
import { convertJsonSchemaToOpenApi } from './convert-json-schema-to-openapi.js';
import { convertToGoogleContents } from './convert-to-google-contents.js';

/** The request body of `:generateContent` / `:streamGenerateContent` and the warnings produced building it. */
export interface GoogleRequest {
  body: JsonObject;
  warnings: CallWarning[];
}

/** Builds the Gemini request body from spec call options; empty sections are left out. */
export function buildGoogleRequest(options: CallOptions): GoogleRequest {
  const warnings: CallWarning[] = [];
  const { systemInstruction, contents } = convertToGoogleContents(options.prompt);

  const generationConfig: JsonObject = {};
  if (options.maxOutputTokens !== undefined) generationConfig.maxOutputTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) generationConfig.temperature = options.temperature;
  if (options.topP !== undefined) generationConfig.topP = options.topP;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) {
    generationConfig.stopSequences = options.stopSequences;
  }
  if (options.seed !== undefined) generationConfig.seed = options.seed;
  if (options.topK !== undefined) generationConfig.topK = options.topK;
  if (options.presencePenalty !== undefined) generationConfig.presencePenalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) generationConfig.frequencyPenalty = options.frequencyPenalty;
  if (options.logprobs === true) {
    generationConfig.responseLogprobs = true;
    if (options.topLogprobs !== undefined) generationConfig.logprobs = options.topLogprobs;
  }
  if (options.thinking !== undefined) {
    generationConfig.thinkingConfig = {
      thinkingBudget: options.thinking.type === 'enabled' ? options.thinking.budgetTokens : 0,
    };
  }
  warnings.push(...unsupportedByGemini(options), ...anthropicOnlyFeatureWarnings(options, 'google'));
  if (options.responseFormat?.type === 'json') {
    generationConfig.responseMimeType = 'application/json';
    const schema = convertJsonSchemaToOpenApi(options.responseFormat.schema);
    if (schema !== undefined) generationConfig.responseSchema = schema;
  }

  const body: JsonObject = { contents: contents as unknown as JsonObject[] };
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;

  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: options.tools.map((tool) => {
          const parameters = convertJsonSchemaToOpenApi(tool.inputSchema);
          return {
            name: tool.name,
            ...(tool.description !== undefined ? { description: tool.description } : {}),
            ...(parameters !== undefined ? { parameters } : {}),
          };
        }),
      },
    ];
    const choice = options.toolChoice;
    if (choice !== undefined) {
      const functionCallingConfig: JsonObject =
        choice.type === 'auto'
          ? { mode: 'AUTO' }
          : choice.type === 'none'
            ? { mode: 'NONE' }
            : choice.type === 'required'
              ? { mode: 'ANY' }
              : { mode: 'ANY', allowedFunctionNames: [choice.toolName] };
      body.toolConfig = { functionCallingConfig };
    }
  } else if (options.toolChoice !== undefined && options.toolChoice.type !== 'auto') {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'toolChoice',
      message: 'toolChoice was ignored because no tools were given.',
    });
  }

  if (options.user !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'user',
      message: 'Gemini has no end-user id field.',
    });
  }
  // vendor-specific fields (safetySettings, cachedContent, labels, ...) pass through as given:
  Object.assign(body, options.providerOptions?.google);
  return { body, warnings };
}

function unsupportedByGemini(options: CallOptions): CallWarning[] {
  const settings: Array<[keyof CallOptions, string]> = [
    ['logitBias', 'Gemini has no logit bias.'],
    ['parallelToolCalls', 'Gemini has no switch for parallel function calls.'],
    ['reasoningEffort', 'Gemini takes a thinking budget (thinking.budgetTokens), not a reasoning effort.'],
  ];
  return settings
    .filter(([setting]) => options[setting] !== undefined)
    .map(([setting, message]) => ({
      type: 'unsupported-setting',
      setting,
      message: `${message} It was not sent.`,
    }));
}
