import type { OutputMessage } from '@switchyard/core';

/** Timings of one call, in milliseconds. */
export interface Timings {
  timeToFirstTokenMs: number | undefined;
  totalMs: number;
}

/**
 * The closing line of a chat: finish reason (the vendor's own in brackets when it differs),
 * who answered, usage, time to first token and total time.
 */
export function formatSummary(message: OutputMessage, timings: Timings): string {
  const parts: string[] = [];
  const raw = message.rawFinishReason;
  parts.push(`finish: ${message.finishReason}${raw !== undefined && raw !== message.finishReason ? ` [${raw}]` : ''}`);
  if (message.provider !== undefined) parts.push(`${message.provider}${message.model ? ` ${message.model}` : ''}`);
  const usage = message.usage;
  if (usage !== undefined) {
    const extra: string[] = [];
    if (usage.reasoningTokens) extra.push(`${usage.reasoningTokens} reasoning`);
    if (usage.cachedInputTokens) extra.push(`${usage.cachedInputTokens} cached`);
    parts.push(
      `tokens: ${usage.inputTokens} in / ${usage.outputTokens} out${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`,
    );
  }
  if (timings.timeToFirstTokenMs !== undefined) parts.push(`first token ${ms(timings.timeToFirstTokenMs)}`);
  parts.push(`total ${ms(timings.totalMs)}`);
  return parts.join(' · ');
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}
