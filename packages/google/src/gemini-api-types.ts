/**
 * The Gemini REST wire format (`v1beta` `GenerateContentRequest` / `GenerateContentResponse`),
 * as far as the adapter reads or writes it. Both SDKs (`@google/genai` and the legacy
 * `@google/generative-ai`) send and receive these shapes, so every mapping is written against
 * them rather than against either SDK's classes.
 */

/** An OpenAPI 3.0 `Schema` subset, as `FunctionDeclaration.parameters` and `responseSchema` take it. */
export interface GeminiSchema {
  type?: GeminiSchemaType;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  items?: GeminiSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  minProperties?: number;
  maxProperties?: number;
  propertyOrdering?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: GeminiSchema[];
  example?: unknown;
  default?: unknown;
}

export type GeminiSchemaType = 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'ARRAY' | 'OBJECT' | 'NULL';

export interface GeminiFunctionCall {
  id?: string;
  name?: string;
  args?: Record<string, unknown>;
  /** Vertex `streamFunctionCallArguments`: pieces of the arguments, in later parts of one call. */
  partialArgs?: GeminiPartialArg[];
  /** Vertex `streamFunctionCallArguments`: more parts of this call follow. */
  willContinue?: boolean;
}

/** One piece of a streamed call's arguments: the value at an RFC 9535 JSON path. */
export interface GeminiPartialArg {
  jsonPath?: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: 'NULL_VALUE';
  /** More pieces of the same path follow (a long string). */
  willContinue?: boolean;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** One part of a `Content`. Exactly one data field is set. */
export interface GeminiPart {
  text?: string;
  /** The part is the model's reasoning ("thought summary"). */
  thought?: boolean;
  /** Opaque continuation data to send back with the part it came on. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { fileUri: string; mimeType?: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role?: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

/** A `Tool`: our function declarations, or whatever `providerOptions.google.tools` adds (`googleSearch` …). */
export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  [key: string]: unknown;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface GeminiToolConfig {
  functionCallingConfig?: { mode?: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
  [key: string]: unknown;
}

/** `GenerationConfig`: sampling, limits, output format, thinking … (open: provider options may add any field). */
export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  [key: string]: unknown;
}

/** `GenerateContentRequest` without the model (which goes in the URL). */
export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: unknown[];
  cachedContent?: string;
  [key: string]: unknown;
}

// --- responses ------------------------------------------------------------------------

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiCandidate {
  index?: number;
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  finishMessage?: string;
  safetyRatings?: unknown[];
}

/** The `error` object Google sends in error bodies and inside streams. */
export interface GeminiErrorObject {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

/** One streamed `GenerateContentResponse` (an SSE `data:` event). */
export interface GeminiResponse {
  responseId?: string;
  modelVersion?: string;
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string; safetyRatings?: unknown[] };
  usageMetadata?: GeminiUsageMetadata;
  /** Set when an error travels in a `data:` line (the legacy SDK passes it through as an event). */
  error?: GeminiErrorObject;
}
