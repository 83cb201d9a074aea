import {
  type ContentPart,
  type ImagePart,
  imageSource,
  LLMError,
  type Message,
  systemText,
  type ToolCall,
  type ToolCallIdGrammar,
  type ToolCallIdMapper,
  toolCallIdMapper,
} from '@switchyard/core';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { OpenAICompatQuirks } from './presets.js';

/** Tool call ids OpenAI accepts: at most 40 characters. */
export const OPENAI_TOOL_CALL_IDS: ToolCallIdGrammar = { charset: 'any', maxLength: 40 };
/** Tool call ids Mistral accepts: exactly 9 letters or digits. */
export const MISTRAL_TOOL_CALL_IDS: ToolCallIdGrammar = { charset: 'alphanumeric', maxLength: 9, length: 9 };

/**
 * Converts our messages to Chat Completions messages. Pure. Reasoning is not sent back
 * (OpenAI has no field for it) unless the quirks name a field and ask for it on tool-call
 * turns, as DeepSeek's thinking mode requires. Tool call ids that the server's grammar
 * refuses are re-mapped consistently within the request (`toolCallIdMapper`).
 */
export function convertMessages(
  messages: readonly Message[],
  quirks: OpenAICompatQuirks,
  provider = 'openai',
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  const mapId = toolCallIdMapper(
    messages,
    quirks.toolCallIds === 'mistral' ? MISTRAL_TOOL_CALL_IDS : OPENAI_TOOL_CALL_IDS,
  );
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: systemText(message.content) });
        break;
      case 'user':
        out.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : convertParts(message.content, provider),
        });
        break;
      case 'assistant':
        out.push(convertAssistant(message, quirks, mapId));
        break;
      case 'tool':
        out.push({ role: 'tool', tool_call_id: mapId(message.toolCallId), content: message.content });
        break;
      default:
        throw new LLMError(
          `${provider}: unknown message role ${JSON.stringify((message as { role?: unknown }).role)}; use system, user, assistant or tool.`,
          { code: 'invalid_request', provider },
        );
    }
  }
  return out;
}

function convertParts(parts: readonly ContentPart[], provider: string): ChatCompletionContentPart[] {
  const out: ChatCompletionContentPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image') out.push({ type: 'image_url', image_url: { url: imageURL(part, provider) } });
    else {
      throw new LLMError(
        `${provider}: unsupported content part type ${JSON.stringify((part as { type?: unknown }).type)}; use text or image.`,
        { code: 'invalid_request', provider },
      );
    }
  }
  return out;
}

/** An image part as the URL OpenAI takes: the URL itself, or base64 data as a `data:` URL. */
export function imageURL(part: ImagePart, provider = 'openai'): string {
  const source = imageSource(part);
  if (source.type === 'base64' && source.data !== '') return `data:${source.mediaType};base64,${source.data}`;
  if (source.type === 'url' && source.url !== '') return source.url;
  throw new LLMError(`${provider}: an image part needs a url or base64 data (with its mediaType).`, {
    code: 'invalid_request',
    provider,
  });
}

type AssistantMessage = Extract<Message, { role: 'assistant' }>;

function convertAssistant(
  message: AssistantMessage,
  quirks: OpenAICompatQuirks,
  mapId: ToolCallIdMapper,
): ChatCompletionAssistantMessageParam {
  const toolCalls = message.toolCalls;
  const hasCalls = toolCalls !== undefined && toolCalls.length > 0;
  const text = message.content ?? '';
  // With tool calls the text may be null; without them OpenAI requires content.
  const out: ChatCompletionAssistantMessageParam = {
    role: 'assistant',
    content: hasCalls && text === '' ? null : text,
  };
  if (hasCalls) {
    out.tool_calls = toolCalls.map((call) => convertToolCall(call, mapId));
    if (quirks.reasoningHistory === 'tool-calls' && quirks.reasoningField !== null) {
      const reasoning = reasoningText(message);
      if (reasoning !== '') (out as unknown as Record<string, unknown>)[quirks.reasoningField] = reasoning;
    }
  }
  return out;
}

function convertToolCall(call: ToolCall, mapId: ToolCallIdMapper): ChatCompletionMessageFunctionToolCall {
  const out: ChatCompletionMessageFunctionToolCall = {
    id: mapId(call.id),
    type: 'function',
    function: { name: call.name, arguments: toolArguments(call) },
  };
  // Only Gemini's OpenAI-compatible endpoint signs calls (`extra_content.google`); Gemini 3
  // rejects a turn whose call comes back without its signature. Core has already dropped
  // signatures another provider issued.
  const signature = call.signature;
  if (signature !== undefined && signature !== '') {
    (out as ChatCompletionMessageFunctionToolCall & { extra_content?: unknown }).extra_content = {
      google: { thought_signature: signature },
    };
  }
  return out;
}

/** The arguments text to send back: the raw text as the model wrote it, `"{}"` when empty. */
export function toolArguments(call: Pick<ToolCall, 'arguments' | 'input'>): string {
  if (typeof call.arguments === 'string') return call.arguments === '' ? '{}' : call.arguments;
  // A call built by hand may carry only `input`.
  return call.input === undefined ? '{}' : JSON.stringify(call.input);
}

function reasoningText(message: AssistantMessage): string {
  if (typeof message.reasoning === 'string') return message.reasoning;
  let text = '';
  if (message.reasoningParts) for (const part of message.reasoningParts) text += part.text;
  return text;
}
