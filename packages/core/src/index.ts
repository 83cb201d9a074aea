// Types: the normalized chunk, messages, requests, models and handlers.
export type { ChatChunk, ChunkChoice, ChunkDelta, FinishReason, ToolCallDelta } from './types/chunk.js';
export type { Usage } from './types/usage.js';
export type { Tool, ToolCall, ToolChoice } from './types/tool-call.js';
export type {
  AssistantMessage,
  ContentPart,
  ImagePart,
  Message,
  OutputMessage,
  ReasoningPart,
  SystemMessage,
  TextPart,
  ToolMessage,
  UserMessage,
} from './types/message.js';
export type { ChatCompletionRequest, ResponseFormat } from './types/request.js';
export type { LLM, ProviderPlugin, StreamOptions } from './types/llm.js';
export type { StreamHandler } from './types/handler.js';
export { CORE_CONTRACT_VERSION } from './contract.js';

// Errors: one class, a closed set of codes, helpers adapters use to classify vendor failures.
export {
  abortedError,
  classifyHttpError,
  codeFromStatus,
  isAbortError,
  isLLMError,
  isRetryableCode,
  LLMError,
  parseRetryAfter,
  redactSecrets,
  registerSecret,
  retryAfterFromHeaders,
} from './errors.js';
export type { HeaderSource, HttpErrorInfo, LLMErrorCode, LLMErrorOptions } from './errors.js';
