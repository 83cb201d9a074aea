import {
  type ChatCompletionRequest,
  type ContentPart,
  LLMError,
  type Message,
  type ReasoningPart,
  type ResponseFormat,
  requestForProvider,
  systemText,
  type Tool,
  type ToolCall,
  type ToolChoice,
  validateRequest,
} from '@switchyard/core';
import type {
  FunctionTool,
  ResponseCreateParamsStreaming,
  ResponseFormatTextConfig,
  ResponseInputContent,
  ResponseInputItem,
  ResponseReasoningItem,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from 'openai/resources/responses/responses';
import { imageURL, toolArguments } from '../convert-messages.js';
import { convertResponseFormat as convertChatResponseFormat } from '../convert-request.js';
import { convertToolChoice as convertChatToolChoice, convertTools as convertChatTools } from '../convert-tools.js';

export interface ConvertResponsesRequestOptions {
  /**
   * The plugin's name: `providerOptions.openai` is merged first, then
   * `providerOptions[provider]`; only reasoning and call items this provider issued go back.
   */
  provider: string;
}

// o1, o3, o4-mini …, gpt-5 and codex models reason; their reasoning must round-trip encrypted.
// gpt-5-chat-latest is the exception: ChatGPT's non-reasoning model.
const REASONING_MODEL = /^(?:o\d|gpt-5(?!-chat)|codex)/;

/** Whether a model id names one of OpenAI's reasoning families (o-series, gpt-5 but gpt-5-chat, codex). */
export function isReasoningModel(modelId: string): boolean {
  return REASONING_MODEL.test(modelId);
}

/**
 * Converts a request to `responses.create` params for a streamed, stateless response
 * (`store: false`). Pure. Reasoning models (or any request that sets
 * `providerOptions.openai.reasoning`) also get `include: ['reasoning.encrypted_content']`,
 * so their reasoning items can go back verbatim next turn. `providerOptions` are merged last
 * and win over everything but `stream: true`.
 */
export function convertRequest(
  given: ChatCompletionRequest,
  modelId: string,
  options: ConvertResponsesRequestOptions,
): ResponseCreateParamsStreaming {
  const { provider } = options;
  // The one request contract, also when the model is called without core (docs/requests.md).
  const request = requestForProvider(validateRequest(given), provider);
  const params: ResponseCreateParamsStreaming = { model: modelId, stream: true, store: false };
  const { instructions, input } = convertMessages(request.messages, provider, storesItems(request, provider));
  if (instructions !== undefined) params.instructions = instructions;
  params.input = input;
  const tools = request.tools;
  if (tools !== undefined && tools.length > 0) {
    params.tools = convertTools(tools);
    if (request.toolChoice !== undefined) params.tool_choice = convertToolChoice(request.toolChoice, provider);
    if (request.parallelToolCalls !== undefined) params.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.maxTokens !== undefined) params.max_output_tokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) {
    throw new LLMError(
      `${provider}: the OpenAI Responses API has no stop sequences. Remove \`stop\`, or use the Chat Completions API (openai({ api: 'chat' })).`,
      { code: 'invalid_request', provider },
    );
  }
  // `seed` has no Responses parameter; it is a best-effort hint everywhere, so it is dropped.
  if (request.responseFormat !== undefined) {
    params.text = { format: convertResponseFormat(request.responseFormat, provider) };
  }
  const extra = request.providerOptions;
  if (extra !== undefined) {
    Object.assign(params, extra.openai);
    if (provider !== 'openai') Object.assign(params, extra[provider]);
    params.stream = true;
  }
  if (params.reasoning !== undefined || isReasoningModel(modelId)) addEncryptedReasoning(params);
  return params;
}

// Whether provider options turn `store` on (the later of `openai` and the plugin's own wins).
function storesItems(request: ChatCompletionRequest, provider: string): boolean {
  const extra = request.providerOptions;
  if (extra === undefined) return false;
  const own = provider === 'openai' ? undefined : (extra[provider] as { store?: unknown } | undefined)?.store;
  const store = own ?? (extra.openai as { store?: unknown } | undefined)?.store;
  return store === true;
}

function addEncryptedReasoning(params: ResponseCreateParamsStreaming): void {
  // With `store: true` the server keeps the reasoning itself; encrypted copies are for stateless use.
  if (params.store === true) return;
  const include = params.include;
  if (include === undefined || include === null) params.include = ['reasoning.encrypted_content'];
  else if (!include.includes('reasoning.encrypted_content'))
    params.include = [...include, 'reasoning.encrypted_content'];
}

/** Converts our tools to flat Responses function tools (`strict: false` unless the tool asks). Pure. */
export function convertTools(tools: readonly Tool[]): FunctionTool[] {
  // The schema each tool sends is worked out once, by the Chat conversion.
  const chat = convertChatTools(tools);
  const out: FunctionTool[] = new Array(chat.length);
  for (let i = 0; i < chat.length; i++) {
    const fn = chat[i]!.function;
    const tool: FunctionTool = {
      type: 'function',
      name: fn.name,
      parameters: fn.parameters ?? null,
      // The Responses API defaults to strict schemas, which most hand-written schemas fail.
      strict: fn.strict ?? false,
    };
    if (fn.description !== undefined) tool.description = fn.description;
    out[i] = tool;
  }
  return out;
}

/** Converts our tool choice to the Responses shape (`{ type: 'function', name }` for one tool). Pure. */
export function convertToolChoice(choice: ToolChoice, provider = 'openai'): ToolChoiceOptions | ToolChoiceFunction {
  const chat = convertChatToolChoice(choice, provider);
  if (typeof chat === 'string') return chat;
  if (chat.type === 'function') return { type: 'function', name: chat.function.name };
  throw new LLMError(`${provider}: unsupported toolChoice ${JSON.stringify(choice)}.`, {
    code: 'invalid_request',
    provider,
  });
}

/** Converts our response format to `text.format`. Pure. */
export function convertResponseFormat(format: ResponseFormat, provider = 'openai'): ResponseFormatTextConfig {
  const chat = convertChatResponseFormat(format, provider);
  if (chat.type !== 'json_schema') return chat;
  const out: ResponseFormatTextConfig = {
    type: 'json_schema',
    name: chat.json_schema.name,
    schema: chat.json_schema.schema ?? {},
  };
  if (chat.json_schema.description !== undefined) out.description = chat.json_schema.description;
  if (chat.json_schema.strict !== undefined) out.strict = chat.json_schema.strict;
  return out;
}

/** The conversation as Responses input: leading system messages become `instructions`. */
export interface ConvertedMessages {
  instructions?: string;
  input: ResponseInputItem[];
}

/**
 * Converts our messages to Responses input items. Pure.
 *
 * - System messages before the first other message are joined into `instructions`; later
 *   ones become `developer` messages in place.
 * - An assistant message becomes its reasoning items, then its text, then a `function_call`
 *   item per tool call. A reasoning part goes back as a `reasoning` item (summary and
 *   `encrypted_content` verbatim) only when it carries an `rs_…` item id and was issued by
 *   this provider (its tag, else its message's `provider`, or neither); reasoning from another vendor, or reasoning text
 *   without an item, is not sent: the Responses API takes no reasoning it did not issue.
 * - Without `stored` (the default `store: false`), a reasoning item without its
 *   `encrypted_content` is not sent: the server keeps no items to look its id up in ("Item
 *   with id 'rs_…' not found"), and the calls of that message then go without their `fc_…`
 *   ids, which the API rejects when the reasoning item they followed is missing.
 * - A call's `fc_…` item id goes back with it under the same rule; its `call_id` always does.
 * - Tool results become `function_call_output` items with the call's `call_id`.
 */
export function convertMessages(messages: readonly Message[], provider = 'openai', stored = false): ConvertedMessages {
  const input: ResponseInputItem[] = [];
  let instructions: string | undefined;
  let leading = true;
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = systemText(message.content);
        if (leading) instructions = instructions === undefined ? text : `${instructions}\n\n${text}`;
        else input.push({ role: 'developer', content: text });
        continue;
      }
      case 'user':
        input.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : convertParts(message.content, provider),
        });
        break;
      case 'assistant':
        convertAssistant(message, provider, stored, input);
        break;
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.toolCallId, output: message.content });
        break;
      default:
        throw new LLMError(
          `${provider}: unknown message role ${JSON.stringify((message as { role?: unknown }).role)}; use system, user, assistant or tool.`,
          { code: 'invalid_request', provider },
        );
    }
    leading = false;
  }
  return instructions === undefined ? { input } : { instructions, input };
}

function convertParts(parts: readonly ContentPart[], provider: string): ResponseInputContent[] {
  const out: ResponseInputContent[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'input_text', text: part.text });
    else if (part.type === 'image')
      out.push({ type: 'input_image', image_url: imageURL(part, provider), detail: 'auto' });
    else {
      throw new LLMError(
        `${provider}: unsupported content part type ${JSON.stringify((part as { type?: unknown }).type)}; use text or image.`,
        { code: 'invalid_request', provider },
      );
    }
  }
  return out;
}

type AssistantMessage = Extract<Message, { role: 'assistant' }>;

function convertAssistant(
  message: AssistantMessage,
  provider: string,
  stored: boolean,
  input: ResponseInputItem[],
): void {
  const parts = message.reasoningParts;
  let unreferenced = false;
  if (parts !== undefined) {
    for (const part of parts) {
      const item = reasoningItem(part, message.provider, provider);
      if (item === undefined) continue;
      if (!stored && item.encrypted_content === undefined) unreferenced = true;
      else input.push(item);
    }
  }
  const text = message.content ?? '';
  if (text !== '') input.push({ role: 'assistant', content: text });
  const calls = message.toolCalls;
  if (calls === undefined) return;
  for (const call of calls) input.push(functionCallItem(call, message.provider, provider, !unreferenced));
}

/**
 * Whether opaque data may go to `provider`: its own tag, else its message's `provider`,
 * names the issuer; data with neither (history built by hand or saved before tags) may go.
 */
function issuedBy(tag: string | undefined, owner: string | undefined, provider: string): boolean {
  const issuer = tag ?? owner;
  return issuer === undefined || issuer === provider;
}

// The separator `map-stream` puts between summaries of one response is not part of the next.
const SUMMARY_SEPARATOR = '\n\n';

function reasoningItem(
  part: ReasoningPart,
  owner: string | undefined,
  provider: string,
): ResponseReasoningItem | undefined {
  if (part.itemId === undefined || part.itemId === '' || !issuedBy(part.provider, owner, provider)) return undefined;
  const text = part.text.startsWith(SUMMARY_SEPARATOR) ? part.text.slice(SUMMARY_SEPARATOR.length) : part.text;
  const item: ResponseReasoningItem = {
    type: 'reasoning',
    id: part.itemId,
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
  };
  if (part.signature !== undefined && part.signature !== '') item.encrypted_content = part.signature;
  return item;
}

function functionCallItem(
  call: ToolCall,
  owner: string | undefined,
  provider: string,
  withId: boolean,
): ResponseInputItem {
  const item: ResponseInputItem = {
    type: 'function_call',
    call_id: call.id,
    name: call.name,
    arguments: toolArguments(call),
  };
  if (withId && call.itemId !== undefined && call.itemId !== '' && issuedBy(call.provider, owner, provider))
    item.id = call.itemId;
  return item;
}
