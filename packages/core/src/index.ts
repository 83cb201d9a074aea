// Types: the normalized chunk, messages, requests, models and handlers.

// The accumulator: chunks in, events and a message out. Pure; for custom pipelines.
export {
  type Accumulator,
  type AccumulatorOptions,
  type AccumulatorSink,
  createAccumulator,
  normalizeFinish,
} from './accumulator.js';
// Secrets and connection failures: masking that scales, sanitized causes, messages naming host:port.
export { checkBaseURL } from './base-url.js';
export { CORE_CONTRACT_VERSION } from './contract.js';
export { createDefaultRegistry, type DefaultRegistryOptions, defaultRegistry } from './default-registry.js';
export type { HeaderSource, HttpErrorInfo, LLMErrorCode, LLMErrorOptions } from './errors.js';
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
  registerHeaderSecrets,
  registerSecret,
  retryAfterFromHeaders,
} from './errors.js';
export { type ChatStream, chatStream, complete, type StreamEvent } from './events.js';
// For adapters: reading vendor bodies below the SDKs (SSE decoding, capped bodies, a guarded fetch).
export { createGuardedFetch, type FetchFunction, type GuardedFetchOptions, transportError } from './guarded-fetch.js';
export type {
  ErrorHookInfo,
  FallbackHookInfo,
  FinishHookInfo,
  HookCallInfo,
  HookErrorHandler,
  Hooks,
  RequestHookInfo,
  ResponseHookInfo,
  RetryHookInfo,
} from './hooks.js';
export { type ImageSource, imageSource, SYSTEM_PART_SEPARATOR, systemText } from './message-content.js';
export { type DefaultSettings, defaultSettings } from './middleware/default-settings.js';
// Middleware: wrap a model (or every model of a registry) to change requests and streams.
export {
  createReasoningSplitter,
  type ExtractReasoningOptions,
  extractReasoning,
  type ReasoningSegment,
  type ReasoningSplitter,
} from './middleware/extract-reasoning.js';
export { type Logger, logging } from './middleware/logging.js';
export { describeConnectionFailure } from './network-error.js';
export { type ParsedArguments, parseArguments } from './parse-arguments.js';
// Tools and structured output: the tool loop, schemas (JSON Schema or Standard Schema), partial JSON.
export { createPartialJsonParser, type PartialJsonParser, parsePartialJson } from './partial-json.js';
export {
  DEFAULT_MAX_ERROR_BODY_BYTES,
  type ReadSseOptions,
  readBodyPrefix,
  readSseEvents,
  reportResponse,
} from './read-body.js';
// Registry: "provider:model" specs, aliases, and the default registry that loads adapters.
export { checkPlugin, createRegistry, type Registry } from './registry.js';
export { requestForProvider } from './request-for-provider.js';
export { isStandardSchema, responseJsonSchema, toJsonSchema, toolJsonSchema } from './resolve-schema.js';
export type { RetryDelayOptions } from './retry.js';
export type { RunSink, StreamChatOptions } from './run-stream.js';
export {
  type ObjectOf,
  type RunToolsError,
  type RunToolsOptions,
  type RunToolsResult,
  resultText,
  runTools,
  sumUsage,
  tool,
} from './run-tools.js';
export { sanitizeCause } from './sanitize-error.js';
export { type ParsedSpec, parseSpec } from './spec.js';
export {
  createSseDecoder,
  DEFAULT_MAX_EVENT_BYTES,
  parseEventJson,
  type SseDecoder,
  type SseDecoderOptions,
  type SseEvent,
} from './sse-decoder.js';
export type {
  InferSchemaOutput,
  StandardIssue,
  StandardJSONSchemaConverter,
  StandardJSONSchemaTarget,
  StandardResult,
  StandardSchemaProps,
  StandardSchemaV1,
  StandardTypes,
} from './standard-schema.js';
// Streaming: callbacks, events, or just the message.
export { streamChatCompletion } from './stream-chat-completion.js';
export { finalizeOutput, type InvalidOutputError } from './structured-output.js';
export { generateToolCallId, isGeneratedToolCallId } from './tool-call-id.js';
export {
  fitsToolCallIdGrammar,
  type ToolCallIdGrammar,
  type ToolCallIdMapper,
  toolCallIdMapper,
} from './tool-call-id-grammar.js';
export type { ChatChunk, ChunkChoice, ChunkDelta, FinishReason, ToolCallDelta } from './types/chunk.js';
export type { RunToolsHandler, StreamHandler } from './types/handler.js';
export type { LLM, ProviderPlugin, ResponseInfo, StreamOptions } from './types/llm.js';
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
export type { JsonSchema, Tool, ToolCall, ToolChoice, ToolExecuteContext } from './types/tool-call.js';
export type { ToolResult, ToolStep } from './types/tool-loop.js';
export type { Usage } from './types/usage.js';
// Round two (stubs filled by their issues): request contract, cross-vendor history, hooks.
export { validateRequest } from './validate-request.js';
// For adapters: the loop over a vendor SDK's event stream, and connection-drop detection.
export { isConnectionDrop, pipeVendorStream, type VendorStreamSource } from './vendor-stream.js';
export { type Middleware, type MiddlewareContext, type StreamMiddlewareContext, wrapModel } from './wrap-model.js';
export { wrapRegistry } from './wrap-registry.js';
