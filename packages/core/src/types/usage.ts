/**
 * Token counts for one response. A snapshot: the latest replaces the earlier, never summed.
 * `inputTokens` includes cached tokens (read and written) for every vendor.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  /** Input tokens served from the vendor's prompt cache (part of `inputTokens`). */
  cachedInputTokens?: number;
  /** Input tokens written to the vendor's prompt cache (part of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning (part of `outputTokens`). */
  reasoningTokens?: number;
}
