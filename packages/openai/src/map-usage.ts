import type { Usage } from '@switchyard/core';

/**
 * `usage` as OpenAI and compatible servers send it. Every field is optional here because
 * compatible servers leave some out.
 */
export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's count of prompt tokens served from its context cache. */
  prompt_cache_hit_tokens?: number | null;
}

/**
 * Maps a usage object to ours. `prompt_tokens` already includes cached tokens and
 * `completion_tokens` includes reasoning tokens, as `Usage` wants them, except on servers
 * (xAI) that count reasoning outside `completion_tokens` but inside `total_tokens`: there the
 * reasoning tokens are added to `outputTokens`.
 */
export function mapUsage(usage: WireUsage): Usage {
  const inputTokens = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
  let outputTokens = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  const total = usage.total_tokens;
  // Only the server's own total can tell: OpenAI's is prompt + completion, xAI's adds reasoning.
  if (typeof reasoning === 'number' && reasoning > 0 && total === inputTokens + outputTokens + reasoning) {
    outputTokens += reasoning;
  }
  const out: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: typeof total === 'number' ? total : inputTokens + outputTokens,
  };
  const prompt = usage.prompt_tokens_details;
  const cached = prompt?.cached_tokens ?? usage.prompt_cache_hit_tokens;
  if (typeof cached === 'number') out.cachedInputTokens = cached;
  const written = prompt?.cache_write_tokens;
  if (typeof written === 'number') out.cacheWriteTokens = written;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  return out;
}
