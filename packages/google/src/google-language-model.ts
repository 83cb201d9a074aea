import type { GenerateContentConfig, GoogleGenAI, HttpOptions } from '@google/genai';
import type { LLM } from '@switchyard/core';
import type { GeminiRequest } from './gemini-api-types.js';
import { mapError } from './map-error.js';
import { type GeminiTransport, geminiModel } from './stream-gemini.js';

/** What a Gemini model needs from its plugin. */
export interface GoogleModelSettings {
  provider: string;
  /** Returns the SDK client, creating it on first use (throws the missing-key `LLMError`). */
  getClient(): GoogleGenAI;
  /** Request timeout in milliseconds. */
  timeoutMs: number | undefined;
  /**
   * Per-request HTTP options: for a client passed in by the user, they turn the SDK's own
   * retries off (core owns retries).
   */
  httpOptions: HttpOptions | undefined;
}

/** A Gemini model on `@google/genai`: `models.generateContentStream` → shared mapping. */
export function createGoogleLanguageModel(modelId: string, settings: GoogleModelSettings): LLM {
  const transport: GeminiTransport = {
    async open(request, signal) {
      const client = settings.getClient();
      return client.models.generateContentStream({
        model: modelId,
        contents: request.contents,
        config: toGenAIConfig(request, signal, settings.httpOptions),
      });
    },
    mapError,
  };
  return geminiModel(settings.provider, modelId, settings.timeoutMs, transport);
}

/**
 * `@google/genai` takes the request's generation settings and top-level fields (system
 * instruction, tools, safety settings …) flat in one `config` and splits them again on the
 * wire. Automatic continuation is turned off: it re-sends a stream that ended early, which is
 * a retry core does not know about (and would hide truncation).
 */
export function toGenAIConfig(
  request: GeminiRequest,
  signal: AbortSignal,
  httpOptions: HttpOptions | undefined,
): GenerateContentConfig {
  const config: Record<string, unknown> = {};
  const generation = request.generationConfig;
  if (generation !== undefined) {
    for (const key of Object.keys(generation)) config[key] = generation[key];
  }
  for (const key of Object.keys(request)) {
    if (key !== 'contents' && key !== 'generationConfig') config[key] = request[key];
  }
  config.abortSignal = signal;
  config.automaticContinuation = false;
  if (httpOptions !== undefined) config.httpOptions = httpOptions;
  return config as GenerateContentConfig;
}
