import type { FinishReason } from '@switchyard/core';

/**
 * Maps an Anthropic `stop_reason` to a normalized finish reason. The raw value always
 * travels beside it as `rawFinishReason`; an unknown or missing reason is `'other'`, never `'stop'`.
 */
export function mapFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // pause_turn (a long server-tool turn to continue) and anything newer than this adapter.
      return 'other';
  }
}
