// The plugin factory and its options.
export { type AnthropicOptions, anthropic } from './anthropic-plugin.js';

// The pure mappings, for adapters built on this one and for tests.
export {
  type AnthropicStreamParams,
  type ConvertSettings,
  convertRequest,
  DEFAULT_MAX_TOKENS_CAP,
  defaultMaxTokens,
  maxOutputTokens,
  UNKNOWN_MODEL_MAX_TOKENS,
} from './convert-request.js';
export { type ErrorContext, mapError } from './map-error.js';
export { mapFinishReason } from './map-finish-reason.js';
export { type BlockKind, createStreamState, mapStreamEvent, type StreamState } from './map-stream.js';
export { type AnthropicUsage, applyUsage, createUsageState, type UsageState, usageSnapshot } from './map-usage.js';
