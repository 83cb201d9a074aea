import type { Usage } from '@switchyard/core';

/**
 * The token counts of one Anthropic stream so far. `message_start` reports input and cache
 * counts; each `message_delta` reports cumulative counts, so a later value replaces an earlier one.
 */
export interface UsageState {
  input: number;
  output: number;
  cacheRead: number | undefined;
  cacheWrite: number | undefined;
  thinking: number | undefined;
}

/** The usage fields of `message_start.message.usage` and `message_delta.usage` that matter here. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

export function createUsageState(): UsageState {
  return { input: 0, output: 0, cacheRead: undefined, cacheWrite: undefined, thinking: undefined };
}

/** Records the counts a vendor usage object reports; fields it leaves out (or null) keep their value. */
export function applyUsage(state: UsageState, usage: AnthropicUsage | null | undefined): void {
  if (usage === null || usage === undefined) return;
  if (typeof usage.input_tokens === 'number') state.input = usage.input_tokens;
  if (typeof usage.output_tokens === 'number') state.output = usage.output_tokens;
  if (typeof usage.cache_read_input_tokens === 'number') state.cacheRead = usage.cache_read_input_tokens;
  if (typeof usage.cache_creation_input_tokens === 'number') state.cacheWrite = usage.cache_creation_input_tokens;
  const details = usage.output_tokens_details;
  if (details !== null && details !== undefined && typeof details.thinking_tokens === 'number') {
    state.thinking = details.thinking_tokens;
  }
}

/**
 * A usage snapshot. Anthropic's `input_tokens` excludes the cache, so `inputTokens` adds
 * cache reads and writes back in (core's rule: `inputTokens` includes cached tokens).
 */
export function usageSnapshot(state: UsageState): Usage {
  const cacheRead = state.cacheRead ?? 0;
  const cacheWrite = state.cacheWrite ?? 0;
  const inputTokens = state.input + cacheRead + cacheWrite;
  const usage: Usage = { inputTokens, outputTokens: state.output, totalTokens: inputTokens + state.output };
  if (state.cacheRead !== undefined) usage.cachedInputTokens = state.cacheRead;
  if (state.cacheWrite !== undefined) usage.cacheWriteTokens = state.cacheWrite;
  if (state.thinking !== undefined) usage.reasoningTokens = state.thinking;
  return usage;
}
