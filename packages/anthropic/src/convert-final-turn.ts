import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';

/**
 * The assistant turn the API checks against the `thinking` setting: the last message when it
 * is an assistant turn (a prefill), or the assistant turn just before a closing user turn that
 * opens with tool results (a tool loop in progress).
 */
export function finalAssistantTurn(turns: readonly MessageParam[]): MessageParam | undefined {
  const last = turns[turns.length - 1];
  if (last === undefined) return undefined;
  if (last.role === 'assistant') return last;
  const before = turns[turns.length - 2];
  if (before?.role !== 'assistant' || typeof last.content === 'string') return undefined;
  return last.content[0]?.type === 'tool_result' ? before : undefined;
}

function isThinking(block: ContentBlockParam): boolean {
  return block.type === 'thinking' || block.type === 'redacted_thinking';
}

function thinkingEnabled(thinking: unknown): boolean {
  if (typeof thinking !== 'object' || thinking === null) return false;
  return (thinking as { type?: unknown }).type !== 'disabled';
}

/**
 * With thinking on, the Messages API requires the final assistant turn to open with a thinking
 * block, and answers 400 otherwise ("When `thinking` is enabled, a final `assistant` message
 * must start with a thinking block … To avoid this requirement, disable `thinking`"). A turn
 * that cannot (its calls came from another provider after a fallback, or it was written by
 * hand: no signed thinking exists for it) gets the fix the error names: `thinking` is left out
 * of this one request. Later turns think again.
 */
export function reconcileFinalTurnThinking(params: { thinking?: unknown; messages: MessageParam[] }): void {
  if (!thinkingEnabled(params.thinking)) return;
  const turn = finalAssistantTurn(params.messages);
  if (turn === undefined) return;
  const first = typeof turn.content === 'string' ? undefined : turn.content[0];
  if (first === undefined || !isThinking(first)) delete params.thinking;
}
