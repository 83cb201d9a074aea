import {
  type AssistantMessage,
  type ChatCompletionRequest,
  type ContentPart,
  type ImagePart,
  imageSource,
  isGeneratedToolCallId,
  LLMError,
  requestForProvider,
  responseJsonSchema,
  systemText,
  type ToolCall,
  type ToolChoice,
  type ToolMessage,
  toolJsonSchema,
  validateRequest,
} from '@switchyard/core';
import { toGeminiParameters, toGeminiSchema } from './convert-schema.js';
import type {
  GeminiContent,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiRequest,
  GeminiTool,
  GeminiToolConfig,
} from './gemini-api-types.js';

/**
 * Fields of `providerOptions.google` that belong at the top of the request; every other key
 * is a `generationConfig` field (`thinkingConfig`, `topK`, `responseModalities` …).
 */
const TOP_LEVEL_OPTIONS: ReadonlySet<string> = new Set([
  'safetySettings',
  'cachedContent',
  'toolConfig',
  'tools',
  'systemInstruction',
  'labels',
  'serviceTier',
]);

/** Google's documented `thoughtSignature` for function calls that Gemini did not generate. */
const SKIP_SIGNATURE_VALIDATION = 'skip_thought_signature_validator';

/**
 * Converts a switchyard request into Gemini's `GenerateContentRequest` (the REST shape both
 * SDKs send). Pure. Throws an `invalid_request` `LLMError` for what Gemini cannot express: a
 * conversation with no user or model turn, or a tool result whose tool name cannot be found.
 *
 * `providerName` names the plugin: `providerOptions.google` is merged last, then
 * `providerOptions[providerName]` when the plugin was registered under another name.
 */
export function convertRequest(input: ChatCompletionRequest, providerName = 'google'): GeminiRequest {
  // The one request contract, also when the model is called without core (docs/requests.md).
  const request = requestForProvider(validateRequest(input), providerName);
  const contents: GeminiContent[] = [];
  const systemParts: GeminiPart[] = [];
  // Gemini matches results to calls by name: remember each call's name by its id.
  const toolNames = new Map<string, string>();
  // The user turn that collects consecutive tool results, and each result's call position.
  let toolTurn: GeminiContent | undefined;
  let toolTurnPositions: number[] = [];
  // Where each call of the latest assistant message stands among its calls.
  let callPositions = new Map<string, number>();

  for (const message of request.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        systemParts.push({ text: systemText(message.content) });
        break;
      case 'user':
        toolTurn = undefined;
        contents.push({ role: 'user', parts: convertUserContent(message.content) });
        break;
      case 'assistant': {
        toolTurn = undefined;
        callPositions = new Map();
        const calls = message.toolCalls;
        if (calls !== undefined) for (let i = 0; i < calls.length; i++) callPositions.set(calls[i]!.id, i);
        const parts = convertAssistant(message, toolNames);
        // An assistant message with nothing to send (no text, calls or signed reasoning) is
        // left out: Gemini rejects a turn without parts.
        if (parts.length > 0) contents.push({ role: 'model', parts });
        break;
      }
      case 'tool': {
        const part = convertToolResult(message, toolNames);
        if (toolTurn === undefined) {
          toolTurn = { role: 'user', parts: [] };
          toolTurnPositions = [];
          contents.push(toolTurn);
        }
        // Gemini pairs responses with calls by position when calls carry no id (Gemini API
        // models rarely send one): results that came back out of order go in call order, or
        // two calls of one function would each get the other's result.
        const position = callPositions.get(message.toolCallId) ?? Number.POSITIVE_INFINITY;
        let at = toolTurnPositions.length;
        while (at > 0 && toolTurnPositions[at - 1]! > position) at--;
        toolTurn.parts.splice(at, 0, part);
        toolTurnPositions.splice(at, 0, position);
        break;
      }
    }
  }

  if (contents.length === 0) {
    throw new LLMError(
      `${providerName}: Gemini needs at least one user or assistant message besides the system prompt.`,
      { code: 'invalid_request', provider: providerName },
    );
  }

  const out: GeminiRequest = { contents };
  if (systemParts.length > 0) out.systemInstruction = { parts: systemParts };
  if (request.tools !== undefined && request.tools.length > 0) {
    out.tools = [
      {
        functionDeclarations: request.tools.map((tool) => {
          const parameters = toGeminiParameters(
            toolJsonSchema(tool, providerName),
            `tools "${tool.name}" parameters`,
            providerName,
          );
          return {
            name: tool.name,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            ...(parameters === undefined ? {} : { parameters }),
          };
        }),
      },
    ];
  }
  if (request.toolChoice !== undefined) out.toolConfig = convertToolChoice(request.toolChoice);
  const generationConfig = convertGenerationConfig(request, providerName);
  if (generationConfig !== undefined) out.generationConfig = generationConfig;

  const options = request.providerOptions;
  if (options !== undefined) {
    mergeProviderOptions(out, options.google);
    if (providerName !== 'google') mergeProviderOptions(out, options[providerName]);
  }
  return out;
}

function convertUserContent(content: string | ContentPart[]): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  const parts: GeminiPart[] = [];
  for (const part of content) {
    parts.push(part.type === 'text' ? { text: part.text } : convertImage(part));
  }
  return parts;
}

/**
 * An image by value becomes `inlineData`; by reference (`https:`, a Files API URI; `gs:` when
 * called directly, as validateRequest takes only http(s) URLs) `fileData`, which Gemini fetches
 * itself. A `data:` URL is sent by value.
 */
export function convertImage(image: ImagePart): GeminiPart {
  const source = imageSource(image);
  if (source.type === 'base64') return { inlineData: { mimeType: mimeTypeOf(source.mediaType), data: source.data } };
  const url = source.url;
  const mimeType = image.mediaType === undefined ? imageTypeFromPath(url) : mimeTypeOf(image.mediaType);
  return { fileData: mimeType === undefined ? { fileUri: url } : { fileUri: url, mimeType } };
}

// Gemini checks MIME types against its list (`image/jpeg`, `image/png` …): `image/jpg`, a
// common spelling of JPEG's type, and upper case are normalized.
function mimeTypeOf(mediaType: string): string {
  const type = mediaType.toLowerCase();
  return type === 'image/jpg' ? 'image/jpeg' : type;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

function imageTypeFromPath(url: string): string | undefined {
  let path = url;
  const query = path.search(/[?#]/);
  if (query >= 0) path = path.slice(0, query);
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

/**
 * A model turn: signed reasoning first (as `thought` parts carrying their signature), then the
 * text, then one `functionCall` part per call carrying the call's thought signature (or, when no
 * call has one, the skip-validation sentinel on the first). Reasoning without a signature is not
 * sent: Gemini does not take thoughts back, only signatures.
 */
function convertAssistant(message: AssistantMessage, toolNames: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  if (message.reasoningParts !== undefined) {
    for (const reasoning of message.reasoningParts) {
      if (reasoning.signature === undefined || reasoning.signature === '') continue;
      parts.push({ text: reasoning.text, thought: true, thoughtSignature: reasoning.signature });
    }
  }
  if (message.content !== null && message.content !== '') parts.push({ text: message.content });
  if (message.toolCalls !== undefined) {
    let first: GeminiPart | undefined;
    let signed = false;
    for (const call of message.toolCalls) {
      toolNames.set(call.id, call.name);
      const part: GeminiPart = { functionCall: convertToolCall(call) };
      if (call.signature !== undefined && call.signature !== '') {
        part.thoughtSignature = call.signature;
        signed = true;
      }
      first ??= part;
      parts.push(part);
    }
    // Gemini 3 rejects a turn whose first call has no signature; calls Gemini did not make
    // (another provider's, or written by hand) get the sentinel Google documents for them.
    if (first !== undefined && !signed) first.thoughtSignature = SKIP_SIGNATURE_VALIDATION;
  }
  return parts;
}

function convertToolCall(call: ToolCall): { id?: string; name: string; args: Record<string, unknown> } {
  const args = toArgs(call);
  // Core's generated ids mean "Gemini sent none": sending them would only confuse the matching.
  return vendorId(call.id) === undefined ? { name: call.name, args } : { id: call.id, name: call.name, args };
}

function toArgs(call: ToolCall): Record<string, unknown> {
  if (isPlainObject(call.input)) return call.input;
  // A call written by hand may carry only its JSON text.
  if (call.input === undefined && call.arguments !== '') {
    try {
      const parsed: unknown = JSON.parse(call.arguments);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // Not JSON: Gemini's `args` is an object, so the call goes back without arguments.
    }
  }
  return {};
}

/** The id to send back, or `undefined` when it is empty or was generated by core. */
function vendorId(id: string | undefined): string | undefined {
  return id === undefined || id === '' || isGeneratedToolCallId(id) ? undefined : id;
}

/** Gemini matches results by name: validateRequest made sure an earlier call has this id. */
function convertToolResult(message: ToolMessage, toolNames: Map<string, string>): GeminiPart {
  const name = message.name ?? toolNames.get(message.toolCallId) ?? '';
  const response = message.isError === true ? { error: message.content } : { output: message.content };
  const id = vendorId(message.toolCallId);
  return { functionResponse: id === undefined ? { name, response } : { id, name, response } };
}

function convertToolChoice(choice: ToolChoice): GeminiToolConfig {
  if (typeof choice === 'object') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
  return { functionCallingConfig: { mode: choice === 'auto' ? 'AUTO' : choice === 'none' ? 'NONE' : 'ANY' } };
}

function convertGenerationConfig(
  request: ChatCompletionRequest,
  providerName: string,
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    config.responseMimeType = 'application/json';
    if (format.type === 'json_schema') {
      const schema = responseJsonSchema(format, providerName);
      config.responseSchema = toGeminiSchema(schema, 'responseFormat.schema', providerName);
    }
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Merges one `providerOptions` entry: top-level request fields replace ours (`tools` are
 * appended to the function declarations instead), a `generationConfig` object and every other
 * key go into `generationConfig`.
 */
function mergeProviderOptions(out: GeminiRequest, options: Record<string, unknown> | undefined): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined) continue;
    if (key === 'tools' && Array.isArray(value)) {
      out.tools = [...(out.tools ?? []), ...(value as GeminiTool[])];
    } else if (TOP_LEVEL_OPTIONS.has(key)) {
      out[key] = value;
    } else if (key === 'generationConfig' && isPlainObject(value)) {
      out.generationConfig = { ...out.generationConfig, ...value };
    } else {
      out.generationConfig ??= {};
      out.generationConfig[key] = value;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
