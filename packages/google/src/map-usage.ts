import type { Usage } from '@switchyard/core';
import type { GeminiUsageMetadata } from './gemini-api-types.js';

/**
 * Maps Gemini's `usageMetadata` (a running total: each event's value replaces the last) to a
 * usage snapshot. `promptTokenCount` already includes cached tokens; Gemini counts thinking
 * apart from the answer (`thoughtsTokenCount`), so output is the sum of both, and tokens spent
 * on server-side tool prompts (`toolUsePromptTokenCount`) are input.
 */
export function mapUsage(metadata: GeminiUsageMetadata): Usage {
  const thoughts = metadata.thoughtsTokenCount;
  const toolPrompt = metadata.toolUsePromptTokenCount;
  const usage: Usage = {
    inputTokens: (metadata.promptTokenCount ?? 0) + (toolPrompt ?? 0),
    outputTokens: (metadata.candidatesTokenCount ?? 0) + (thoughts ?? 0),
  };
  if (metadata.totalTokenCount !== undefined) usage.totalTokens = metadata.totalTokenCount;
  if (metadata.cachedContentTokenCount !== undefined) usage.cachedInputTokens = metadata.cachedContentTokenCount;
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  return usage;
}
