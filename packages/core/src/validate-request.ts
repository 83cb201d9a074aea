import { asBytes, bytesToBase64 } from './encode-base64.js';
import { isLLMError, LLMError } from './errors.js';
import { SYSTEM_PART_SEPARATOR, sniffImageType } from './message-content.js';
import type { ContentPart, ImagePart, Message, ReasoningPart } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { Tool, ToolCall } from './types/tool-call.js';

// The one request contract (docs/requests.md). Every rule here holds for every adapter, so
// the same bad input gets the same `invalid_request` error whichever vendor was asked.

/** The most stop sequences accepted: OpenAI takes 4 (Gemini 5, Anthropic more). */
export const MAX_STOP_SEQUENCES = 4;

/**
 * Tool names every vendor accepts: OpenAI and Anthropic `^[a-zA-Z0-9_-]{1,64}$`, and Gemini
 * wants the first character to be a letter or an underscore.
 */
const TOOL_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

const EMPTY_OBJECT_SCHEMA: Readonly<Record<string, unknown>> = Object.freeze({ type: 'object', properties: {} });

/**
 * Validates a request once, before any adapter runs and before any byte is sent, and
 * returns its normalized form: the one contract every adapter receives. Throws an
 * `invalid_request` `LLMError` (provider `"core"`) naming the field path and what to do.
 *
 * Normalized: `developer` messages become `system`; system text parts are joined into one
 * string; image bytes (`Uint8Array`, `Buffer`, `ArrayBuffer`) and `data:` URLs become base64
 * `data` with its `mediaType`; a missing `mediaType` is recognised from the bytes; a tool
 * without `parameters` (or with `{}`) gets an empty object schema, one given by `properties`
 * alone gets `type: "object"`; a tool call with only `input` gets its
 * `arguments` text; an assistant message without `content` gets `null`. A request that needs
 * none of this is returned as it is (not copied); the caller's request is never changed.
 * Unknown fields are ignored and kept.
 */
export function validateRequest(request: ChatCompletionRequest): ChatCompletionRequest {
  try {
    return validate(request);
  } catch (error) {
    if (isLLMError(error)) throw error;
    // A getter or proxy that throws: the request cannot be read, whatever it holds.
    const name = error instanceof Error ? error.name : typeof error;
    throw new LLMError(`Invalid request: reading it threw (${name}). Pass plain objects and arrays.`, {
      code: 'invalid_request',
      provider: 'core',
    });
  }
}

function invalid(path: string, rule: string): LLMError {
  return new LLMError(`Invalid request: ${path} ${rule}.`, { code: 'invalid_request', provider: 'core' });
}

/** What a value is, for an error message; never the value itself (it may be large or secret). */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A short, quoted echo of an enumerated value (a role, a type), cut so it stays small. */
function quote(value: unknown): string {
  if (typeof value !== 'string') return kind(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validate(input: unknown): ChatCompletionRequest {
  if (!isRecord(input)) throw invalid('request', `must be an object with a messages array (got ${kind(input)})`);
  const messages = validateMessages(input.messages);
  const tools = validateTools(input.tools);
  validateToolChoice(input.toolChoice, tools);
  optionalBoolean(input.parallelToolCalls, 'parallelToolCalls');
  numberInRange(input.temperature, 'temperature', 0, 2);
  numberInRange(input.topP, 'topP', 0, 1);
  if (input.maxTokens !== undefined && !(Number.isSafeInteger(input.maxTokens) && (input.maxTokens as number) > 0)) {
    throw invalid('maxTokens', `must be a positive integer (got ${kind(input.maxTokens)})`);
  }
  if (input.seed !== undefined && !Number.isSafeInteger(input.seed)) {
    throw invalid('seed', `must be an integer (got ${kind(input.seed)})`);
  }
  validateStop(input.stop);
  validateResponseFormat(input.responseFormat);
  validateProviderOptions(input.providerOptions);
  if (messages === input.messages && tools === input.tools) return input as unknown as ChatCompletionRequest;
  const out = { ...input, messages } as unknown as ChatCompletionRequest;
  if (tools !== undefined) out.tools = tools;
  return out;
}

// --- messages ---------------------------------------------------------------------------

function validateMessages(messages: unknown): Message[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('messages', `must be a non-empty array of messages (got ${kind(messages)})`);
  }
  // Ids of the tool calls made so far: every tool result must answer one of them.
  const calls = new Set<string>();
  let conversation = false;
  let out: Message[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    const path = `messages[${i}]`;
    if (!isRecord(message)) throw invalid(path, `must be a message object (got ${kind(message)})`);
    const normalized = validateMessage(message, path, calls);
    if (normalized.role !== 'system') conversation = true;
    if (out !== undefined) out.push(normalized);
    else if (normalized !== (message as unknown)) {
      out = messages.slice(0, i) as Message[];
      out.push(normalized);
    }
  }
  if (!conversation) {
    // Anthropic and Gemini take the system prompt apart from the conversation and need one.
    throw invalid('messages', 'has only system messages; add at least one user message');
  }
  return out ?? (messages as Message[]);
}

function validateMessage(message: Json, path: string, calls: Set<string>): Message {
  switch (message.role) {
    case 'system':
    case 'developer':
      return validateSystem(message, path);
    case 'user':
      return validateUser(message, path);
    case 'assistant':
      return validateAssistant(message, path, calls);
    case 'tool':
      return validateToolResult(message, path, calls);
    default:
      throw invalid(
        `${path}.role`,
        `must be "system", "developer", "user", "assistant" or "tool" (got ${quote(message.role)})`,
      );
  }
}

function validateSystem(message: Json, path: string): Message {
  const content = message.content;
  if (typeof content === 'string') {
    return message.role === 'system' ? (message as unknown as Message) : { ...message, role: 'system', content };
  }
  if (!Array.isArray(content)) {
    throw invalid(`${path}.content`, `must be a string or an array of text parts (got ${kind(content)})`);
  }
  let text = '';
  for (let j = 0; j < content.length; j++) {
    const part: unknown = content[j];
    const partPath = `${path}.content[${j}]`;
    if (!isRecord(part) || part.type !== 'text') {
      throw invalid(partPath, 'must be a text part ({ type: "text", text }): system messages take text only');
    }
    if (typeof part.text !== 'string') throw invalid(`${partPath}.text`, `must be a string (got ${kind(part.text)})`);
    text += j === 0 ? part.text : SYSTEM_PART_SEPARATOR + part.text;
  }
  return { ...message, role: 'system', content: text } as Message;
}

// Anthropic refuses empty and white-space-only text; so does the contract, for every vendor.
const VISIBLE = /\S/;

function validateUser(message: Json, path: string): Message {
  const content = message.content;
  if (typeof content === 'string') {
    if (!VISIBLE.test(content))
      throw invalid(`${path}.content`, 'is empty; a user message needs some text or an image');
    return message as unknown as Message;
  }
  if (!Array.isArray(content) || content.length === 0) {
    throw invalid(
      `${path}.content`,
      `must be a string or a non-empty array of text and image parts (got ${kind(content)})`,
    );
  }
  let parts: ContentPart[] | undefined;
  for (let j = 0; j < content.length; j++) {
    const part: unknown = content[j];
    const partPath = `${path}.content[${j}]`;
    if (!isRecord(part)) throw invalid(partPath, `must be a text or image part (got ${kind(part)})`);
    let normalized: ContentPart;
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw invalid(`${partPath}.text`, `must be a string (got ${kind(part.text)})`);
      if (!VISIBLE.test(part.text)) throw invalid(`${partPath}.text`, 'is empty; leave the part out');
      normalized = part as unknown as ContentPart;
    } else if (part.type === 'image') {
      normalized = validateImage(part, partPath);
    } else {
      throw invalid(`${partPath}.type`, `must be "text" or "image" (got ${quote(part.type)})`);
    }
    if (parts !== undefined) parts.push(normalized);
    else if (normalized !== (part as unknown)) {
      parts = content.slice(0, j) as ContentPart[];
      parts.push(normalized);
    }
  }
  return parts === undefined ? (message as unknown as Message) : ({ ...message, content: parts } as Message);
}

function validateAssistant(message: Json, path: string, calls: Set<string>): Message {
  let out: Json | undefined;
  const content = message.content;
  if (content === undefined) out = { ...message, content: null };
  else if (content !== null && typeof content !== 'string') {
    throw invalid(`${path}.content`, `must be a string or null (got ${kind(content)})`);
  }
  optionalString(message.reasoning, `${path}.reasoning`);
  optionalString(message.provider, `${path}.provider`);
  validateReasoningParts(message.reasoningParts, `${path}.reasoningParts`);
  const toolCalls = message.toolCalls;
  if (toolCalls !== undefined) {
    if (!Array.isArray(toolCalls)) throw invalid(`${path}.toolCalls`, `must be an array (got ${kind(toolCalls)})`);
    let normalizedCalls: ToolCall[] | undefined;
    for (let k = 0; k < toolCalls.length; k++) {
      const call: unknown = toolCalls[k];
      const normalized = validateToolCall(call, `${path}.toolCalls[${k}]`);
      calls.add(normalized.id);
      if (normalizedCalls !== undefined) normalizedCalls.push(normalized);
      else if (normalized !== call) {
        normalizedCalls = toolCalls.slice(0, k) as ToolCall[];
        normalizedCalls.push(normalized);
      }
    }
    if (normalizedCalls !== undefined) {
      out ??= { ...message };
      out.toolCalls = normalizedCalls;
    }
  }
  return (out ?? message) as unknown as Message;
}

function validateToolCall(call: unknown, path: string): ToolCall {
  if (!isRecord(call)) throw invalid(path, `must be a tool call object (got ${kind(call)})`);
  if (typeof call.id !== 'string' || call.id === '') {
    throw invalid(`${path}.id`, `must be a non-empty string (got ${kind(call.id)})`);
  }
  if (typeof call.name !== 'string' || call.name === '') {
    throw invalid(`${path}.name`, `must be a non-empty string (got ${kind(call.name)})`);
  }
  optionalString(call.signature, `${path}.signature`);
  optionalString(call.provider, `${path}.provider`);
  optionalString(call.itemId, `${path}.itemId`);
  if (typeof call.arguments === 'string') return call as unknown as ToolCall;
  if (call.arguments !== undefined) {
    throw invalid(`${path}.arguments`, `must be the arguments as JSON text (got ${kind(call.arguments)})`);
  }
  // A call written by hand may carry only its parsed `input`.
  let text: string | undefined;
  try {
    text = call.input === undefined ? '' : JSON.stringify(call.input);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw invalid(`${path}.input`, 'cannot be written as JSON; set arguments to the JSON text instead');
  }
  return { ...call, arguments: text } as unknown as ToolCall;
}

function validateReasoningParts(parts: unknown, path: string): void {
  if (parts === undefined) return;
  if (!Array.isArray(parts)) throw invalid(path, `must be an array (got ${kind(parts)})`);
  for (let k = 0; k < parts.length; k++) {
    const part: unknown = parts[k];
    const partPath = `${path}[${k}]`;
    if (!isRecord(part)) throw invalid(partPath, `must be a reasoning part object (got ${kind(part)})`);
    if (typeof part.text !== 'string') throw invalid(`${partPath}.text`, `must be a string (got ${kind(part.text)})`);
    const checked = part as unknown as ReasoningPart;
    optionalString(checked.signature, `${partPath}.signature`);
    optionalString(checked.redacted, `${partPath}.redacted`);
    optionalString(checked.provider, `${partPath}.provider`);
    optionalString(checked.itemId, `${partPath}.itemId`);
  }
}

function validateToolResult(message: Json, path: string, calls: Set<string>): Message {
  const id = message.toolCallId;
  if (typeof id !== 'string' || id === '') {
    throw invalid(`${path}.toolCallId`, `must be the non-empty id of the call it answers (got ${kind(id)})`);
  }
  if (typeof message.content !== 'string') {
    throw invalid(
      `${path}.content`,
      `must be a string (got ${kind(message.content)}); write structured results as JSON text`,
    );
  }
  optionalString(message.name, `${path}.name`);
  optionalBoolean(message.isError, `${path}.isError`);
  if (!calls.has(id)) {
    // Every vendor refuses a result that answers no call; say so before anything is sent.
    throw invalid(
      `${path}.toolCallId`,
      `(${quote(id)}) matches no tool call of an earlier assistant message; keep the assistant message that made the call before its result`,
    );
  }
  return message as unknown as Message;
}

// --- images -----------------------------------------------------------------------------

function validateImage(part: Json, path: string): ContentPart {
  const { url, data, mediaType } = part;
  if (mediaType !== undefined && (typeof mediaType !== 'string' || mediaType === '')) {
    throw invalid(`${path}.mediaType`, `must be a media type such as "image/png" (got ${kind(mediaType)})`);
  }
  if (url !== undefined && data !== undefined) throw invalid(path, 'sets both url and data; set one of them');
  if (url !== undefined) {
    if (typeof url !== 'string' || url === '')
      throw invalid(`${path}.url`, `must be a non-empty string (got ${kind(url)})`);
    if (startsWithIgnoreCase(url, 'data:')) return fromDataURL(part, url, path, 'url');
    if (!startsWithIgnoreCase(url, 'https://') && !startsWithIgnoreCase(url, 'http://')) {
      throw invalid(`${path}.url`, 'must be an http(s): URL or a base64 data: URL; send other images as data');
    }
    return part as unknown as ImagePart;
  }
  if (data === undefined) {
    throw invalid(path, 'needs url (an http(s): or data: URL) or data (base64 text, Uint8Array or ArrayBuffer)');
  }
  if (typeof data === 'string') {
    if (data === '') throw invalid(`${path}.data`, 'is empty');
    if (startsWithIgnoreCase(data, 'data:')) return fromDataURL(part, data, path, 'data');
    if (mediaType !== undefined) return part as unknown as ImagePart;
    return image(part, data, mediaTypeOf(data, path));
  }
  const bytes = asBytes(data);
  if (bytes === undefined) {
    throw invalid(
      `${path}.data`,
      `must be base64 text, a Uint8Array (or Buffer) or an ArrayBuffer (got ${kind(data)})`,
    );
  }
  if (bytes.length === 0) throw invalid(`${path}.data`, 'is empty');
  const base64 = bytesToBase64(bytes);
  return image(part, base64, (mediaType as string | undefined) ?? mediaTypeOf(base64, path));
}

function image(part: Json, data: string, mediaType: string): ImagePart {
  const out = { ...part, data, mediaType } as Json;
  delete out.url;
  return out as unknown as ImagePart;
}

/** `data:[<media type>][;params];base64,<data>`; other data URLs are refused. */
function fromDataURL(part: Json, url: string, path: string, field: 'url' | 'data'): ImagePart {
  const comma = url.indexOf(',');
  const header = comma < 0 ? '' : url.slice(5, comma);
  if (comma < 0 || !header.toLowerCase().endsWith(';base64')) {
    throw invalid(`${path}.${field}`, 'must be a base64 data: URL (data:<media type>;base64,<data>)');
  }
  const data = url.slice(comma + 1);
  if (data === '') throw invalid(`${path}.${field}`, 'has no data after the comma');
  const declared = header.slice(0, header.indexOf(';'));
  const mediaType = part.mediaType;
  const type = typeof mediaType === 'string' ? mediaType : declared !== '' ? declared : mediaTypeOf(data, path);
  return image(part, data, type);
}

function mediaTypeOf(base64: string, path: string): string {
  const type = sniffImageType(base64);
  if (type !== undefined) return type;
  throw invalid(
    `${path}.mediaType`,
    'is needed: the image is not PNG, JPEG, GIF or WebP by its bytes, so say what it is (e.g. "image/heic")',
  );
}

function startsWithIgnoreCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix;
}

// --- tools and the rest -----------------------------------------------------------------

function validateTools(tools: unknown): Tool[] | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) throw invalid('tools', `must be an array of tools (got ${kind(tools)})`);
  const names = new Set<string>();
  let out: Tool[] | undefined;
  for (let i = 0; i < tools.length; i++) {
    const tool: unknown = tools[i];
    const path = `tools[${i}]`;
    if (!isRecord(tool)) throw invalid(path, `must be a tool object (got ${kind(tool)})`);
    const name = tool.name;
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      throw invalid(
        `${path}.name`,
        `must be 1 to 64 letters, digits, _ or -, starting with a letter or _ (the names every vendor accepts; got ${quote(name)})`,
      );
    }
    if (names.has(name))
      throw invalid(`${path}.name`, `repeats the tool name ${quote(name)}; tool names must be unique`);
    names.add(name);
    optionalString(tool.description, `${path}.description`);
    let normalized = tool;
    const parameters = tool.parameters;
    if (parameters === undefined) normalized = { ...tool, parameters: EMPTY_OBJECT_SCHEMA };
    else if (!isRecord(parameters)) {
      throw invalid(
        `${path}.parameters`,
        `must be a JSON Schema object or a Standard Schema validator (got ${kind(parameters)})`,
      );
    } else if (
      !('~standard' in parameters) &&
      parameters.type === undefined &&
      (isRecord(parameters.properties) || Object.keys(parameters).length === 0)
    ) {
      // An object schema by its properties alone (or `{}`: no arguments): say so, as some
      // vendors insist on the type.
      normalized = { ...tool, parameters: { type: 'object', ...parameters } };
    } else if (!('~standard' in parameters) && parameters.type !== 'object') {
      throw invalid(
        `${path}.parameters`,
        'must be a JSON Schema for an object ({ type: "object", properties: { … } }): every vendor passes tool arguments as one object',
      );
    }
    if (tool.jsonSchema !== undefined && !isRecord(tool.jsonSchema)) {
      throw invalid(`${path}.jsonSchema`, `must be a JSON Schema object (got ${kind(tool.jsonSchema)})`);
    }
    if (out !== undefined) out.push(normalized as unknown as Tool);
    else if (normalized !== tool) {
      out = tools.slice(0, i) as Tool[];
      out.push(normalized as unknown as Tool);
    }
  }
  return out ?? (tools as Tool[]);
}

function validateToolChoice(choice: unknown, tools: Tool[] | undefined): void {
  if (choice === undefined || choice === 'auto' || choice === 'none') return;
  const hasTools = tools !== undefined && tools.length > 0;
  if (choice === 'required') {
    if (!hasTools) throw invalid('toolChoice', '"required" needs tools; pass tools or leave toolChoice unset');
    return;
  }
  if (!isRecord(choice) || choice.type !== 'tool' || typeof choice.name !== 'string') {
    throw invalid(
      'toolChoice',
      `must be "auto", "none", "required" or { type: "tool", name } (got ${typeof choice === 'string' ? quote(choice) : kind(choice)})`,
    );
  }
  const name = choice.name;
  if (!hasTools || !tools.some((tool) => tool.name === name)) {
    throw invalid('toolChoice.name', `(${quote(name)}) names no tool in tools`);
  }
}

function validateStop(stop: unknown): void {
  if (stop === undefined) return;
  if (!Array.isArray(stop)) throw invalid('stop', `must be an array of strings (got ${kind(stop)})`);
  if (stop.length > MAX_STOP_SEQUENCES) {
    throw invalid('stop', `has ${stop.length} sequences; at most ${MAX_STOP_SEQUENCES} are accepted (OpenAI's limit)`);
  }
  for (let i = 0; i < stop.length; i++) {
    if (typeof stop[i] !== 'string' || stop[i] === '') {
      throw invalid(`stop[${i}]`, `must be a non-empty string (got ${kind(stop[i])})`);
    }
  }
}

function validateResponseFormat(format: unknown): void {
  if (format === undefined) return;
  if (!isRecord(format)) throw invalid('responseFormat', `must be an object (got ${kind(format)})`);
  const type = format.type;
  if (type === 'text' || type === 'json') return;
  if (type !== 'json_schema') {
    throw invalid('responseFormat.type', `must be "text", "json" or "json_schema" (got ${quote(type)})`);
  }
  if (!isRecord(format.schema)) {
    throw invalid(
      'responseFormat.schema',
      `must be a JSON Schema object or a Standard Schema validator (got ${kind(format.schema)})`,
    );
  }
  optionalString(format.name, 'responseFormat.name');
  optionalString(format.description, 'responseFormat.description');
  optionalBoolean(format.strict, 'responseFormat.strict');
  if (format.jsonSchema !== undefined && !isRecord(format.jsonSchema)) {
    throw invalid('responseFormat.jsonSchema', `must be a JSON Schema object (got ${kind(format.jsonSchema)})`);
  }
}

function validateProviderOptions(options: unknown): void {
  if (options === undefined) return;
  if (!isRecord(options)) {
    throw invalid('providerOptions', `must be an object keyed by provider name (got ${kind(options)})`);
  }
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value !== undefined && !isRecord(value)) {
      throw invalid(
        `providerOptions[${quote(key)}]`,
        `must be an object of that provider's parameters (got ${kind(value)})`,
      );
    }
  }
}

function numberInRange(value: unknown, path: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(path, `must be a number from ${min} to ${max} (got ${kind(value)})`);
  }
}

function optionalString(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'string') throw invalid(path, `must be a string (got ${kind(value)})`);
}

function optionalBoolean(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(path, `must be true or false (got ${kind(value)})`);
  }
}
