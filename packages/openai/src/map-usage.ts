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
 * `completion_tokens` includes reasoning tokens, as `Usage` wants them.
 */
export function mapUsage(usage: WireUsage): Usage {
  const inputTokens = typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
  const outputTokens = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  const out: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : inputTokens + outputTokens,
  };
  const prompt = usage.prompt_tokens_details;
  const cached = prompt?.cached_tokens ?? usage.prompt_cache_hit_tokens;
  if (typeof cached === 'number') out.cachedInputTokens = cached;
  const written = prompt?.cache_write_tokens;
  if (typeof written === 'number') out.cacheWriteTokens = written;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  return out;
}
