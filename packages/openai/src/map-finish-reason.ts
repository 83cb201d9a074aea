import type { FinishReason } from '@switchyard/core';

/**
 * Maps a Chat Completions `finish_reason` to ours. The raw value always travels beside the
 * result as `rawFinishReason`; anything unknown is `'other'`, never `'stop'`.
 */
export function mapFinishReason(raw: string): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    // Together AI ends on the model's end-of-sequence token with "eos".
    case 'eos':
      return 'stop';
    case 'length':
      return 'length';
    // Mistral: the model's context window ran out rather than `max_tokens`.
    case 'model_length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    // The deprecated `functions` API.
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    // Mistral and OpenRouter report a generation that failed mid-way.
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
