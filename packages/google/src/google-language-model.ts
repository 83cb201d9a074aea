import type { GenerateContentConfig, GoogleGenAI, HttpOptions } from '@google/genai';
import { createGuardedFetch, type FetchFunction, type LLM } from '@switchyard/core';
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
  /** Milliseconds to wait for the response headers (`@google/genai` turns undici's own limits off). */
  headersTimeoutMs: number | undefined;
  /** The largest SSE line or event accepted (the SSE decoder's `maxEventBytes`). */
  maxEventBytes: number | undefined;
}

/**
 * A Gemini model on `@google/genai`: the SDK builds, authenticates and sends
 * `models.generateContentStream` and maps HTTP errors; the body is read below it, by core's
 * SSE decoder, then the shared mapping. The SDK's extension point for this is a per-request
 * `httpOptions.fetch`: it hands over the response, whose body the SDK's (lazy) event iterator
 * never starts reading.
 */
export function createGoogleLanguageModel(modelId: string, settings: GoogleModelSettings): LLM {
  let guarded: FetchFunction | undefined;
  const transport: GeminiTransport = {
    async open(request, signal) {
      const client = settings.getClient();
      // Made on first use: it wraps the fetch of the client (one passed in may carry its own).
      guarded ??= createGuardedFetch({
        provider: settings.provider,
        headersTimeoutMs: settings.headersTimeoutMs,
        fetch: clientFetch(client),
      });
      const send = guarded;
      let response: Response | undefined;
      const fetch: FetchFunction = async (input, init) => {
        response = await send(input, init);
        return response;
      };
      const httpOptions: HttpOptions = { ...settings.httpOptions, fetch };
      await client.models.generateContentStream({
        model: modelId,
        contents: request.contents,
        config: toGenAIConfig(request, signal, httpOptions),
      });
      if (response === undefined) throw new Error('@google/genai did not send the request through its fetch option');
      return { response };
    },
    mapError,
    maxEventBytes: settings.maxEventBytes,
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

/** The `fetch` a client was built with (`httpOptions.fetch`), read through its API client. */
function clientFetch(client: GoogleGenAI): FetchFunction | undefined {
  const apiClient = (client as unknown as { apiClient?: { getFetch?(): FetchFunction | undefined } }).apiClient;
  return typeof apiClient?.getFetch === 'function' ? apiClient.getFetch() : undefined;
}
