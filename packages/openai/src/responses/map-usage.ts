import type { Usage } from '@switchyard/core';

/** `usage` of a Responses API response; fields optional because a failed response may lack them. */
export interface ResponsesWireUsage {
  input_tokens?: number | null;
  input_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  output_tokens?: number | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
  total_tokens?: number | null;
}

/**
 * Maps a Responses usage object to ours. `input_tokens` already includes the cached tokens
 * and `output_tokens` the reasoning tokens, as `Usage` counts them.
 */
export function mapUsage(usage: ResponsesWireUsage): Usage {
  const inputTokens = typeof usage.input_tokens === 'number' ? usage.input_tokens : 0;
  const outputTokens = typeof usage.output_tokens === 'number' ? usage.output_tokens : 0;
  const total = usage.total_tokens;
  const out: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: typeof total === 'number' ? total : inputTokens + outputTokens,
  };
  const cached = usage.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') out.cachedInputTokens = cached;
  const written = usage.input_tokens_details?.cache_write_tokens;
  if (typeof written === 'number') out.cacheWriteTokens = written;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  return out;
}
