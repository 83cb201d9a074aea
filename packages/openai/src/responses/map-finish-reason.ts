import type { FinishReason } from '@switchyard/core';

/** The finish of a terminal response: ours, and the raw value kept beside it. */
export interface ResponsesFinish {
  finishReason: FinishReason;
  /** The response status, plus the incomplete reason (`incomplete:max_output_tokens`). */
  rawFinishReason: string;
}

/**
 * Maps a terminal response's `status` (and `incomplete_details.reason`) to ours. A completed
 * response with function calls is `tool_calls`, one that streamed a refusal `content_filter`;
 * an unknown status or incomplete reason is `'other'`, never `'stop'`.
 */
export function mapFinishReason(
  status: string,
  incompleteReason: string | undefined,
  hasToolCalls: boolean,
  refused: boolean,
): ResponsesFinish {
  switch (status) {
    case 'completed':
      return {
        finishReason: refused ? 'content_filter' : hasToolCalls ? 'tool_calls' : 'stop',
        rawFinishReason: status,
      };
    case 'incomplete': {
      const raw = incompleteReason === undefined ? status : `${status}:${incompleteReason}`;
      if (incompleteReason === 'max_output_tokens') return { finishReason: 'length', rawFinishReason: raw };
      if (incompleteReason === 'content_filter') return { finishReason: 'content_filter', rawFinishReason: raw };
      return { finishReason: 'other', rawFinishReason: raw };
    }
    default:
      return { finishReason: 'other', rawFinishReason: status };
  }
}
