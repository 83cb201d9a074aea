import {
  type ChatCompletionRequest,
  LLMError,
  type ResponseFormat,
  requestForProvider,
  responseJsonSchema,
  validateRequest,
} from '@switchyard/core';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ResponseFormatJSONObject, ResponseFormatJSONSchema, ResponseFormatText } from 'openai/resources/shared';
import { convertMessages } from './convert-messages.js';
import { toStrictSchema } from './convert-schema.js';
import { convertToolChoice, convertTools } from './convert-tools.js';
import type { OpenAICompatQuirks } from './presets.js';

export interface ConvertRequestOptions {
  /**
   * The plugin's name (`"openai"`, `"groq"` …): `providerOptions.openai` is merged first,
   * then `providerOptions[provider]`.
   */
  provider: string;
  quirks: OpenAICompatQuirks;
}

/**
 * Converts a request to the `chat.completions.create` params for a streamed completion.
 * Pure. `providerOptions` are merged last and win over everything but `stream: true`.
 */
export function convertRequest(
  input: ChatCompletionRequest,
  modelId: string,
  options: ConvertRequestOptions,
): ChatCompletionCreateParamsStreaming {
  const { provider, quirks } = options;
  // The one request contract, also when the model is called without core (docs/requests.md).
  const request = requestForProvider(validateRequest(input), provider);
  const params: ChatCompletionCreateParamsStreaming = {
    model: modelId,
    messages: convertMessages(request.messages, quirks, provider),
    stream: true,
  };
  if (quirks.streamOptions) params.stream_options = { include_usage: true };
  const tools = request.tools;
  if (tools !== undefined && tools.length > 0) {
    params.tools = convertTools(tools, provider);
    // OpenAI rejects both fields when no tools are given.
    if (request.toolChoice !== undefined) params.tool_choice = convertToolChoice(request.toolChoice, provider);
    if (request.parallelToolCalls !== undefined) params.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.maxTokens !== undefined) params[quirks.maxTokensParam] = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) params.stop = request.stop;
  if (request.seed !== undefined) (params as unknown as Record<string, unknown>)[quirks.seedParam] = request.seed;
  if (request.responseFormat !== undefined)
    params.response_format = convertResponseFormat(request.responseFormat, provider);
  const extra = request.providerOptions;
  if (extra !== undefined) {
    Object.assign(params, extra.openai);
    if (provider !== 'openai') Object.assign(params, extra[provider]);
    params.stream = true;
  }
  return params;
}

/**
 * Converts our response format: `json` is JSON mode (`json_object`), `json_schema` Structured
 * Outputs (a Standard Schema sends its JSON Schema; `strict: true` applies `toStrictSchema`). Pure.
 */
export function convertResponseFormat(
  format: ResponseFormat,
  provider = 'openai',
): ResponseFormatText | ResponseFormatJSONObject | ResponseFormatJSONSchema {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json':
      return { type: 'json_object' };
    case 'json_schema': {
      const json = responseJsonSchema(format, provider);
      const schema: ResponseFormatJSONSchema['json_schema'] = {
        name: format.name ?? 'response',
        schema: format.strict === true ? toStrictSchema(json, 'responseFormat.schema', provider) : json,
      };
      if (format.description !== undefined) schema.description = format.description;
      if (format.strict !== undefined) schema.strict = format.strict;
      return { type: 'json_schema', json_schema: schema };
    }
    default:
      throw new LLMError(
        `responseFormat.type must be 'text', 'json' or 'json_schema' (got ${JSON.stringify((format as { type?: unknown }).type)}).`,
        { code: 'invalid_request', provider },
      );
  }
}
