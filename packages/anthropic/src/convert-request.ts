import type {
  ToolChoice as AnthropicToolChoice,
  Base64ImageSource,
  ContentBlockParam,
  ImageBlockParam,
  MessageCreateParamsStreaming,
  TextBlockParam,
  ToolResultBlockParam,
  ToolUnion,
  ToolUseBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import {
  type AssistantMessage,
  type ChatCompletionRequest,
  type ContentPart,
  type ImagePart,
  imageSource,
  LLMError,
  type Message,
  requestForProvider,
  responseJsonSchema,
  systemText,
  type Tool,
  type ToolCall,
  type ToolCallIdGrammar,
  type ToolCallIdMapper,
  type ToolChoice,
  toolCallIdMapper,
  toolJsonSchema,
  validateRequest,
} from '@switchyard/core';
import { reconcileFinalTurnThinking } from './convert-final-turn.js';
import { toAnthropicSchema } from './convert-schema.js';
import { JSON_TOOL_NAME } from './json-tool.js';

/**
 * The body sent to `POST /v1/messages`. `temperature` and `top_p` are not in the SDK 1.x
 * types (API version 2026-10-21 removed them) but are forwarded when the request sets them.
 */
export type AnthropicStreamParams = MessageCreateParamsStreaming & { temperature?: number; top_p?: number };

export interface ConvertSettings {
  modelId: string;
  /** The plugin's name: `providerOptions[provider]` is merged too when it is not `anthropic`. */
  provider: string;
  /** Replaces the per-family default `max_tokens` (the request's `maxTokens` still wins). */
  defaultMaxTokens?: number | undefined;
}

/** A message as this conversion builds it: content is a string until a merge needs blocks. */
interface Turn {
  role: 'user' | 'assistant';
  content: string | ContentBlockParam[];
}

/**
 * Converts a switchyard request into Anthropic Messages params. Pure. System messages are
 * lifted into `system`; tool results become `tool_result` blocks of a user turn; consecutive
 * turns of one role merge into one, as the API requires; reasoning blocks of earlier
 * assistant messages go back first, exactly as received, so thinking signatures verify.
 */
export function convertRequest(input: ChatCompletionRequest, settings: ConvertSettings): AnthropicStreamParams {
  const provider = settings.provider;
  // The one request contract, also when the model is called without core (docs/requests.md).
  const request = requestForProvider(validateRequest(input), provider);
  const system: string[] = [];
  const turns: Turn[] = [];
  const mapId = toolCallIdMapper(request.messages, ANTHROPIC_TOOL_CALL_IDS);
  for (const message of request.messages) {
    convertMessage(message, system, turns, mapId);
  }

  const params: AnthropicStreamParams = {
    model: settings.modelId,
    max_tokens: 0,
    messages: turns,
    stream: true,
  };
  if (system.length > 0) params.system = system.join('\n\n');
  if (request.tools !== undefined && request.tools.length > 0)
    params.tools = request.tools.map((tool) => convertTool(tool, provider));
  const toolChoice = convertToolChoice(request.toolChoice, request.parallelToolCalls, params.tools !== undefined);
  if (toolChoice !== undefined) params.tool_choice = toolChoice;
  if (request.stop !== undefined && request.stop.length > 0) params.stop_sequences = request.stop;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  convertResponseFormat(request, params, provider);

  const vendorOptions = providerOptionsFor(request, provider);
  params.max_tokens = request.maxTokens ?? maxTokensFor(settings, vendorOptions);
  if (vendorOptions !== undefined) Object.assign(params, vendorOptions);
  // A stream is what this adapter reads; provider options cannot turn it off.
  params.stream = true;
  reconcileFinalTurnThinking(params);
  refuseForcedToolWithManualThinking(params, provider);
  return params;
}

/** Tool use ids Anthropic accepts (`^[a-zA-Z0-9_-]+$`); others are re-mapped within the request. */
export const ANTHROPIC_TOOL_CALL_IDS: ToolCallIdGrammar = { charset: 'word', maxLength: Number.POSITIVE_INFINITY };

function convertMessage(message: Message, system: string[], turns: Turn[], mapId: ToolCallIdMapper): void {
  switch (message.role) {
    case 'system':
    case 'developer':
      system.push(systemText(message.content));
      return;
    case 'user':
      if (typeof message.content === 'string') addTurn(turns, 'user', message.content);
      else addTurn(turns, 'user', message.content.map(convertPart));
      return;
    case 'assistant': {
      const content = convertAssistant(message, mapId);
      if (content.length > 0) addTurn(turns, 'assistant', content);
      return;
    }
    case 'tool': {
      const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: mapId(message.toolCallId) };
      if (message.content !== '') block.content = message.content;
      if (message.isError === true) block.is_error = true;
      addTurn(turns, 'user', [block]);
      return;
    }
  }
}

/** Appends a turn, merging it into the previous one when the role repeats. */
function addTurn(turns: Turn[], role: Turn['role'], content: string | ContentBlockParam[]): void {
  const last = turns[turns.length - 1];
  if (last === undefined || last.role !== role) {
    turns.push({ role, content });
    return;
  }
  const blocks = toBlocks(last.content);
  if (typeof content === 'string') {
    blocks.push(textBlock(content));
  } else {
    for (const block of content) {
      // The API wants a user turn's tool_result blocks before anything else in it.
      if (block.type === 'tool_result') blocks.splice(leadingToolResults(blocks), 0, block);
      else blocks.push(block);
    }
  }
  last.content = blocks;
}

function leadingToolResults(blocks: ContentBlockParam[]): number {
  let count = 0;
  while (count < blocks.length && blocks[count]!.type === 'tool_result') count++;
  return count;
}

function toBlocks(content: string | ContentBlockParam[]): ContentBlockParam[] {
  return typeof content === 'string' ? [textBlock(content)] : content;
}

function textBlock(text: string): TextBlockParam {
  return { type: 'text', text };
}

/**
 * Reasoning first (thinking with its signature, redacted blocks as they came), then text,
 * then tool calls: the order the API produced them in and requires them back in. Reasoning
 * without a signature cannot be verified by the API and is not sent.
 */
function convertAssistant(message: AssistantMessage, mapId: ToolCallIdMapper): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  if (message.reasoningParts !== undefined) {
    for (const part of message.reasoningParts) {
      if (part.redacted !== undefined) blocks.push({ type: 'redacted_thinking', data: part.redacted });
      else if (part.signature !== undefined)
        blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
    }
  }
  // The API rejects empty and white-space-only text blocks (other vendors often send "\n" beside tool calls).
  if (message.content !== null && message.content.trim() !== '') blocks.push(textBlock(message.content));
  if (message.toolCalls !== undefined) {
    for (const call of message.toolCalls) blocks.push(toolUseBlock(call, mapId));
  }
  return blocks;
}

function toolUseBlock(call: ToolCall, mapId: ToolCallIdMapper): ToolUseBlockParam {
  return { type: 'tool_use', id: mapId(call.id), name: call.name, input: toolInput(call) };
}

/** Anthropic needs `input` as an object: the parsed input, else the arguments text parsed, else `{}`. */
function toolInput(call: ToolCall): Record<string, unknown> {
  if (isObject(call.input)) return call.input;
  if (call.arguments !== undefined && call.arguments.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(call.arguments);
      if (isObject(parsed)) return parsed;
    } catch {
      // Unparseable arguments cannot be sent as an object; the call goes back without input.
    }
  }
  return {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convertPart(part: ContentPart): ContentBlockParam {
  return part.type === 'text' ? textBlock(part.text) : convertImage(part);
}

/** An image by URL (Anthropic fetches it) or by value; core has read `data:` URLs into data. */
function convertImage(part: ImagePart): ImageBlockParam {
  const source = imageSource(part);
  return source.type === 'url'
    ? { type: 'image', source: { type: 'url', url: source.url } }
    : base64Image(source.mediaType, source.data);
}

function base64Image(mediaType: string, data: string): ImageBlockParam {
  // The API checks the media type against its list (the SDK's union) exactly: `image/jpg`, a
  // common spelling of JPEG's type, and upper case are refused, so both are normalized.
  let type = mediaType.toLowerCase();
  if (type === 'image/jpg') type = 'image/jpeg';
  return { type: 'image', source: { type: 'base64', media_type: type as Base64ImageSource['media_type'], data } };
}

/**
 * A tool: its JSON Schema (a Standard Schema's own, or `jsonSchema`) as `input_schema`, which
 * must describe an object; `strict: true` applies the structured-output rules (`toAnthropicSchema`).
 */
function convertTool(tool: Tool, provider: string): ToolUnion {
  const where = `tools "${tool.name}" parameters`;
  const schema = toolJsonSchema(tool, provider);
  if (schema.type !== 'object') {
    throw invalid(
      provider,
      `${where}: Anthropic tools take an object schema (type: "object"); wrap the arguments in an object.`,
    );
  }
  const inputSchema = tool.strict === true ? toAnthropicSchema(schema, where, provider) : schema;
  const converted: ToolUnion = { name: tool.name, input_schema: inputSchema as { type: 'object' } };
  if (tool.description !== undefined) converted.description = tool.description;
  if (tool.strict === true) converted.strict = true;
  return converted;
}

function convertToolChoice(
  choice: ToolChoice | undefined,
  parallel: boolean | undefined,
  hasTools: boolean,
): AnthropicToolChoice | undefined {
  const single = parallel === false;
  if (choice === undefined) return single && hasTools ? { type: 'auto', disable_parallel_tool_use: true } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return single ? { type: 'auto', disable_parallel_tool_use: true } : { type: 'auto' };
  if (choice === 'required') return single ? { type: 'any', disable_parallel_tool_use: true } : { type: 'any' };
  return single
    ? { type: 'tool', name: choice.name, disable_parallel_tool_use: true }
    : { type: 'tool', name: choice.name };
}

/**
 * `json_schema` uses Anthropic's structured outputs (`output_config.format`, the schema reduced
 * by `toAnthropicSchema`). Plain `json` has no schema-less equivalent there: it forces the
 * `json_response` tool taking any object, whose input is read back as the message's text
 * (`jsonToolAsText`); it cannot be combined with other tools or a tool choice.
 */
function convertResponseFormat(request: ChatCompletionRequest, params: AnthropicStreamParams, provider: string): void {
  const format = request.responseFormat;
  if (format === undefined || format.type === 'text') return;
  if (format.type === 'json') {
    if (params.tools !== undefined || request.toolChoice !== undefined) {
      throw invalid(
        provider,
        'responseFormat { type: "json" } is sent to Anthropic as a forced tool call and cannot be combined with tools; pass { type: "json_schema", schema } instead.',
      );
    }
    params.tools = [
      {
        name: JSON_TOOL_NAME,
        description: 'Respond with your answer as this JSON object.',
        input_schema: { type: 'object' },
      },
    ];
    params.tool_choice = { type: 'tool', name: JSON_TOOL_NAME };
    return;
  }
  const schema = toAnthropicSchema(responseJsonSchema(format, provider), 'responseFormat.schema', provider);
  params.output_config = { format: { type: 'json_schema', schema } };
}

/**
 * Manual extended thinking (`thinking: { type: 'enabled' }`) cannot be combined with a tool
 * choice that forces a call (`any`, `tool`): the API answers 400. Said before sending, with
 * the ways out (adaptive thinking supports forced tool use).
 */
function refuseForcedToolWithManualThinking(params: AnthropicStreamParams, provider: string): void {
  const thinking = params.thinking as { type?: unknown } | undefined;
  if (thinking === undefined || thinking === null || thinking.type !== 'enabled') return;
  const choice = params.tool_choice?.type;
  if (choice !== 'any' && choice !== 'tool') return;
  const forced =
    params.tool_choice?.type === 'tool' && params.tool_choice.name === JSON_TOOL_NAME
      ? 'responseFormat { type: "json" } (sent as a forced tool call)'
      : `toolChoice ${choice === 'any' ? '"required"' : '{ type: "tool" }'}`;
  throw invalid(
    provider,
    `${forced} cannot be combined with thinking { type: "enabled" }: Anthropic refuses forced tool use with manual extended thinking. Use thinking { type: "adaptive" }, toolChoice "auto", or responseFormat { type: "json_schema", schema }.`,
  );
}

function providerOptionsFor(request: ChatCompletionRequest, provider: string): Record<string, unknown> | undefined {
  const all = request.providerOptions;
  if (all === undefined) return undefined;
  const base = all.anthropic;
  const named = provider === 'anthropic' ? undefined : all[provider];
  if (named === undefined) return base;
  return base === undefined ? named : { ...base, ...named };
}

function invalid(provider: string, message: string): LLMError {
  return new LLMError(`${provider}: ${message}`, { code: 'invalid_request', provider, retryable: false });
}

// --- max_tokens -------------------------------------------------------------------------

/**
 * The default `max_tokens` when the request sets none: the family's maximum output, capped
 * at 32,000. Anthropic counts `max_tokens` against the output-tokens-per-minute rate limit
 * up front, so each family's full 64K/128K would throttle accounts on lower tiers.
 */
export const DEFAULT_MAX_TOKENS_CAP = 32_000;

/** For model ids that are not Claude (a proxy's own names): small enough for any model. */
export const UNKNOWN_MODEL_MAX_TOKENS = 4_096;

/**
 * The documented maximum output tokens of a Claude model family, from its id (also Bedrock
 * `anthropic.claude-…` and Vertex `…@date` ids). `undefined` for ids that are not Claude.
 */
export function maxOutputTokens(modelId: string): number | undefined {
  const start = modelId.indexOf('claude-');
  if (start < 0) return undefined;
  const at = modelId.indexOf('@', start);
  const parts = modelId.slice(start, at < 0 ? undefined : at).split('-');
  let tier: string;
  let major: number;
  let minor = 0;
  if (isVersion(parts[1])) {
    // Claude 3 ids put the version first: claude-3-5-sonnet-20241022.
    major = Number(parts[1]);
    if (isVersion(parts[2])) minor = Number(parts[2]);
    tier = parts.find((part, i) => i > 1 && !isVersion(part) && !isDate(part)) ?? '';
  } else {
    tier = parts[1] ?? '';
    if (!isVersion(parts[2])) return 128_000; // claude-mythos-preview and other unversioned names
    major = Number(parts[2]);
    if (isVersion(parts[3])) minor = Number(parts[3]);
  }
  if (major <= 3) {
    if (minor >= 7) return 64_000;
    if (minor >= 5) return 8_192;
    return 4_096;
  }
  if (major === 4 && minor <= 1 && tier === 'opus') return 32_000;
  if (major === 4 && minor <= 5) return 64_000;
  return 128_000;
}

function isVersion(part: string | undefined): boolean {
  return part !== undefined && part.length > 0 && part.length <= 2 && isDigits(part);
}

function isDate(part: string): boolean {
  return part.length === 8 && isDigits(part);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The per-family default `max_tokens` (see `DEFAULT_MAX_TOKENS_CAP`). */
export function defaultMaxTokens(modelId: string): number {
  const max = maxOutputTokens(modelId);
  return max === undefined ? UNKNOWN_MODEL_MAX_TOKENS : Math.min(max, DEFAULT_MAX_TOKENS_CAP);
}

/**
 * `max_tokens` when the request has none. Thinking tokens count toward `max_tokens` and
 * `budget_tokens` must stay below it, so a budget at or above the default gets the default
 * (the `defaultMaxTokens` setting, else the family's) on top of it, within the family's maximum.
 */
function maxTokensFor(settings: ConvertSettings, vendorOptions: Record<string, unknown> | undefined): number {
  const base = settings.defaultMaxTokens ?? defaultMaxTokens(settings.modelId);
  const budget = thinkingBudget(vendorOptions);
  if (budget === undefined || budget < base) return base;
  const max = maxOutputTokens(settings.modelId) ?? Number.POSITIVE_INFINITY;
  return Math.min(max, budget + base);
}

function thinkingBudget(vendorOptions: Record<string, unknown> | undefined): number | undefined {
  const thinking = vendorOptions?.thinking;
  if (!isObject(thinking)) return undefined;
  const budget = thinking.budget_tokens;
  return typeof budget === 'number' ? budget : undefined;
}
