import type { FinishReason } from '@switchyard/core';

// Gemini's `Candidate.finishReason` values. STOP after function calls stays 'stop' here:
// core turns a clean stop with tool calls into 'tool_calls'.
const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  // Generation hit the per-request token budget and could be resumed with a continuation token.
  CONTINUATION: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  MISSING_THOUGHT_SIGNATURE: 'error',
  FINISH_REASON_UNSPECIFIED: 'other',
  LANGUAGE: 'other',
  OTHER: 'other',
  NO_IMAGE: 'other',
  IMAGE_OTHER: 'other',
};

/**
 * Maps a Gemini finish reason to ours. Unknown values are `'other'`, never `'stop'`; the raw
 * value always travels beside the result as `rawFinishReason`.
 */
export function mapFinishReason(raw: string): FinishReason {
  return Object.hasOwn(FINISH_REASONS, raw) ? FINISH_REASONS[raw]! : 'other';
}

/**
 * A prompt Gemini refused to answer (`promptFeedback.blockReason`, no candidates) always ends
 * as `'content_filter'`, whatever the block reason (`SAFETY`, `OTHER`, `BLOCKLIST` …).
 */
export function mapBlockReason(_blockReason: string): FinishReason {
  return 'content_filter';
}
