import type { ChatCompletionRequest, FinishReason, Message, OutputMessage, ToolCall } from '@switchyard/core';

/** One part of a message in the conventions' JSON shape (`gen_ai.input.messages`). */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: string }
  | { type: 'uri'; modality: 'image'; uri: string; mime_type?: string }
  | { type: 'blob'; modality: 'image'; mime_type?: string };

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
  finish_reason?: string;
}

/**
 * The request's messages in the conventions' input-messages shape. Inline image bytes are
 * never copied (only their media type); image URLs are kept unless they are `data:` URLs.
 */
export function inputMessages(request: ChatCompletionRequest): GenAiMessage[] {
  return request.messages.map(inputMessage);
}

function inputMessage(message: Message): GenAiMessage {
  switch (message.role) {
    case 'assistant': {
      const parts: GenAiPart[] = [];
      if (typeof message.reasoning === 'string' && message.reasoning !== '') {
        parts.push({ type: 'reasoning', content: message.reasoning });
      }
      if (typeof message.content === 'string' && message.content !== '')
        parts.push({ type: 'text', content: message.content });
      for (const call of message.toolCalls ?? []) parts.push(toolCallPart(call));
      return { role: 'assistant', parts };
    }
    case 'tool':
      return {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: message.toolCallId, response: message.content }],
      };
    default:
      return { role: message.role, parts: contentParts(message.content) };
  }
}

function contentParts(content: unknown): GenAiPart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: GenAiPart[] = [];
  for (const part of content as Array<{ type?: unknown; text?: unknown; url?: unknown; mediaType?: unknown }>) {
    if (part.type === 'text' && typeof part.text === 'string') parts.push({ type: 'text', content: part.text });
    else if (part.type === 'image') parts.push(imagePart(part));
  }
  return parts;
}

function imagePart(part: { url?: unknown; mediaType?: unknown }): GenAiPart {
  const mediaType = typeof part.mediaType === 'string' ? part.mediaType : undefined;
  if (typeof part.url === 'string' && !part.url.startsWith('data:')) {
    return mediaType === undefined
      ? { type: 'uri', modality: 'image', uri: part.url }
      : { type: 'uri', modality: 'image', uri: part.url, mime_type: mediaType };
  }
  return mediaType === undefined
    ? { type: 'blob', modality: 'image' }
    : { type: 'blob', modality: 'image', mime_type: mediaType };
}

function toolCallPart(call: ToolCall): GenAiPart {
  return { type: 'tool_call', id: call.id, name: call.name, arguments: call.input ?? call.arguments };
}

// The conventions' output finish reasons: `tool_call` (singular) where switchyard says `tool_calls`.
function outputFinishReason(reason: FinishReason): string {
  return reason === 'tool_calls' ? 'tool_call' : reason;
}

/** The answer in the conventions' output-messages shape: one message, choice 0. */
export function outputMessages(message: OutputMessage): GenAiMessage[] {
  const parts: GenAiPart[] = [];
  if (message.reasoning !== undefined && message.reasoning !== '')
    parts.push({ type: 'reasoning', content: message.reasoning });
  if (message.content !== '') parts.push({ type: 'text', content: message.content });
  if (message.refusal !== undefined) parts.push({ type: 'text', content: message.refusal });
  for (const call of message.toolCalls) parts.push(toolCallPart(call));
  return [{ role: 'assistant', parts, finish_reason: outputFinishReason(message.finishReason) }];
}
