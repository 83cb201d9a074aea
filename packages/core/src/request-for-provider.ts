import type { AssistantMessage, Message, ReasoningPart } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { ToolCall } from './types/tool-call.js';

/**
 * The request as one provider may receive it: vendor-opaque data issued by another provider
 * is removed (docs/cross-vendor.md). The issuer of a reasoning part or a tool call is its own
 * `provider` tag, else its assistant message's `provider`; data with neither (history built
 * by hand, or saved before tags existed) is kept as it is.
 *
 * - A reasoning part issued by another provider is dropped whole: a signature verifies only
 *   with its issuer, a redacted block means nothing elsewhere, and the text of another model's
 *   thoughts is not this model's reasoning.
 * - The plain `reasoning` text of an assistant message goes with it: it is dropped when the
 *   message came from another provider, or (untagged message) when any of its parts was.
 * - A tool call issued by another provider keeps its id, name and arguments and loses its
 *   `signature` and `itemId`.
 *
 * Returns `request` itself when nothing is foreign; never changes the caller's objects.
 */
export function requestForProvider(request: ChatCompletionRequest, provider: string): ChatCompletionRequest {
  const messages = request.messages;
  let out: Message[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const kept = message.role === 'assistant' ? assistantFor(message, provider) : message;
    if (out !== undefined) out.push(kept);
    else if (kept !== message) {
      out = messages.slice(0, i);
      out.push(kept);
    }
  }
  return out === undefined ? request : { ...request, messages: out };
}

function assistantFor(message: AssistantMessage, provider: string): AssistantMessage {
  const owner = message.provider;
  const foreignMessage = owner !== undefined && owner !== provider;

  let parts: ReasoningPart[] | undefined;
  let dropped = false;
  const reasoningParts = message.reasoningParts;
  if (reasoningParts !== undefined) {
    for (let k = 0; k < reasoningParts.length; k++) {
      const part = reasoningParts[k]!;
      const issuer = part.provider ?? owner;
      const foreign = issuer !== undefined && issuer !== provider;
      if (foreign && !dropped) {
        dropped = true;
        parts = reasoningParts.slice(0, k);
      } else if (!foreign && parts !== undefined) parts.push(part);
    }
  }

  let calls: ToolCall[] | undefined;
  const toolCalls = message.toolCalls;
  if (toolCalls !== undefined) {
    for (let k = 0; k < toolCalls.length; k++) {
      const call = toolCalls[k]!;
      const issuer = call.provider ?? owner;
      const strip =
        issuer !== undefined && issuer !== provider && (call.signature !== undefined || call.itemId !== undefined);
      const kept = strip ? withoutOpaque(call) : call;
      if (calls !== undefined) calls.push(kept);
      else if (strip) {
        calls = toolCalls.slice(0, k);
        calls.push(kept);
      }
    }
  }

  const dropReasoning = message.reasoning !== undefined && (foreignMessage || (owner === undefined && dropped));
  if (!dropped && calls === undefined && !dropReasoning) return message;
  const out: AssistantMessage = { ...message };
  if (dropped) {
    if (parts!.length > 0) out.reasoningParts = parts;
    else delete out.reasoningParts;
  }
  if (calls !== undefined) out.toolCalls = calls;
  if (dropReasoning) delete out.reasoning;
  return out;
}

function withoutOpaque(call: ToolCall): ToolCall {
  const out = { ...call };
  delete out.signature;
  delete out.itemId;
  return out;
}
