import type { Attributes } from '@opentelemetry/api';
import type { ChatCompletionRequest, FinishReason, Usage } from '@switchyard/core';

// Attribute names of the OpenTelemetry GenAI semantic conventions (development status).
export const ATTR = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  /** The name `gen_ai.provider.name` replaced (conventions up to v1.36); still read by many backends. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  temperature: 'gen_ai.request.temperature',
  maxTokens: 'gen_ai.request.max_tokens',
  topP: 'gen_ai.request.top_p',
  stop: 'gen_ai.request.stop_sequences',
  seed: 'gen_ai.request.seed',
  outputType: 'gen_ai.output.type',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheRead: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreation: 'gen_ai.usage.cache_creation.input_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  errorType: 'error.type',
  httpStatus: 'http.response.status_code',
} as const;

// switchyard's own attributes, where the conventions have no name.
export const SWITCHYARD = {
  provider: 'switchyard.provider',
  step: 'switchyard.step',
  attempts: 'switchyard.attempts',
  timeToFirstToken: 'switchyard.time_to_first_token_ms',
  timeToFirstChunk: 'switchyard.time_to_first_chunk_ms',
  reasoningTokens: 'switchyard.usage.reasoning_tokens',
  retryDelay: 'switchyard.retry.delay_ms',
  attempt: 'switchyard.attempt',
} as const;

// Registered switchyard provider names whose well-known `gen_ai.provider.name` differs.
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  google: 'gcp.gemini',
  'openai-responses': 'openai',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  azure: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
};

/** The `gen_ai.provider.name` value for a registered provider name (well-known values where one applies). */
export function genAiProviderName(provider: string): string {
  return Object.hasOwn(PROVIDER_NAMES, provider) ? PROVIDER_NAMES[provider]! : provider;
}

/** The provider attributes: the conventions' name, its predecessor, and switchyard's registered name. */
export function providerAttributes(provider: string, name: string): Attributes {
  return { [ATTR.provider]: name, [ATTR.system]: name, [SWITCHYARD.provider]: provider };
}

/** The request's settings as `gen_ai.request.*` attributes (only those it sets). */
export function requestAttributes(request: ChatCompletionRequest): Attributes {
  const attributes: Attributes = {};
  if (typeof request.temperature === 'number') attributes[ATTR.temperature] = request.temperature;
  if (typeof request.maxTokens === 'number') attributes[ATTR.maxTokens] = request.maxTokens;
  if (typeof request.topP === 'number') attributes[ATTR.topP] = request.topP;
  if (typeof request.seed === 'number') attributes[ATTR.seed] = request.seed;
  if (Array.isArray(request.stop) && request.stop.length > 0) attributes[ATTR.stop] = request.stop.slice();
  const format = request.responseFormat?.type;
  if (format !== undefined) attributes[ATTR.outputType] = format === 'text' ? 'text' : 'json';
  return attributes;
}

/** Token usage as `gen_ai.usage.*` attributes. `inputTokens` already includes cached tokens, as the conventions ask. */
export function usageAttributes(usage: Usage | undefined): Attributes {
  if (usage === undefined) return {};
  const attributes: Attributes = {
    [ATTR.inputTokens]: usage.inputTokens,
    [ATTR.outputTokens]: usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined) attributes[ATTR.cacheRead] = usage.cachedInputTokens;
  if (usage.cacheWriteTokens !== undefined) attributes[ATTR.cacheCreation] = usage.cacheWriteTokens;
  if (usage.reasoningTokens !== undefined) attributes[SWITCHYARD.reasoningTokens] = usage.reasoningTokens;
  return attributes;
}

/** What a call's end reports: response id and model, finish reasons, usage. */
export function responseAttributes(info: {
  finishReason: FinishReason;
  usage?: Usage;
  responseId?: string;
  responseModel?: string;
}): Attributes {
  const attributes: Attributes = { [ATTR.finishReasons]: [info.finishReason], ...usageAttributes(info.usage) };
  if (info.responseId !== undefined) attributes[ATTR.responseId] = info.responseId;
  if (info.responseModel !== undefined) attributes[ATTR.responseModel] = info.responseModel;
  return attributes;
}
