import {
  type GenerateContentRequest,
  type GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIRequestInputError,
  type RequestOptions,
} from '@google/generative-ai';
import { type LLM, LLMError } from '@switchyard/core';
import type { GeminiResponse } from './gemini-api-types.js';
import {
  connectionError,
  type ErrorContext,
  malformedEventError,
  mapAbort,
  mapError,
  mapGeminiErrorObject,
  networkError,
  unparsableTailError,
} from './map-error.js';
import { type GeminiTransport, geminiModel } from './stream-gemini.js';

/** What a legacy Gemini model needs from its plugin. */
export interface GoogleLegacyModelSettings {
  provider: string;
  /** Returns the SDK client, creating it on first use (throws the missing-key `LLMError`). */
  getClient(): GoogleGenerativeAI;
  /** Request timeout in milliseconds (enforced by the adapter: the SDK's own timer is never cleared). */
  timeoutMs: number | undefined;
  /** Base URL, API version and headers for `getGenerativeModel`. */
  requestOptions: RequestOptions;
}

/**
 * A Gemini model on the legacy `@google/generative-ai` SDK: `generateContentStream` → the same
 * mapping as the main entry.
 */
export function createGoogleLegacyLanguageModel(modelId: string, settings: GoogleLegacyModelSettings): LLM {
  const transport: GeminiTransport = {
    async open(request, signal) {
      const model = settings.getClient().getGenerativeModel({ model: modelId }, settings.requestOptions);
      // The request is the REST body; the legacy types lack newer fields (thought signatures, ids).
      const result = await model.generateContentStream(request as unknown as GenerateContentRequest, { signal });
      // The SDK also aggregates the stream into `response`, which rejects with the same error
      // the stream throws: that error is reported from the stream, so this copy is dropped.
      result.response.catch(() => {});
      // This SDK offers no raw response (and no fetch option): its own event iterator stays.
      return { events: result.stream as AsyncIterable<GeminiResponse> };
    },
    mapError: mapLegacyError,
  };
  return geminiModel(settings.provider, modelId, settings.timeoutMs, transport);
}

/**
 * Maps what `@google/generative-ai` throws. Its errors are message-only classes: HTTP errors
 * keep the status and the body's `details` but not the RPC status name, and stream failures
 * lose their cause, so they are told apart by class and message.
 */
export function mapLegacyError(error: unknown, context: ErrorContext): LLMError {
  const { provider } = context;
  if (error instanceof LLMError) return error;
  // The SDK reports an abort while reading as a plain read error; the context knows why.
  if (context.signal?.aborted === true || context.timedOut === true || error instanceof GoogleGenerativeAIAbortError) {
    return mapAbort(error, context);
  }
  if (error instanceof GoogleGenerativeAIFetchError && typeof error.status === 'number') {
    const details = error.errorDetails;
    return mapGeminiErrorObject(
      { code: error.status, message: fetchErrorMessage(error), details },
      provider,
      error.status,
      error,
    );
  }
  if (error instanceof GoogleGenerativeAIRequestInputError) {
    return new LLMError(`${provider}: ${error.message}`, { code: 'invalid_request', provider, cause: error });
  }
  if (error instanceof GoogleGenerativeAIError) {
    const message = error.message;
    // The body ended with bytes that are no `data:` event: Gemini's mid-stream error body.
    if (message.endsWith('Failed to parse stream')) return unparsableTailError(provider, error);
    if (message.includes('Error parsing JSON response')) return malformedEventError(provider, error);
    if (message.includes('Error reading from the stream')) return connectionError(context, error);
    if (message.includes('Error fetching from')) return networkError(provider, error);
  }
  return mapError(error, context);
}

// "[GoogleGenerativeAI Error]: Error fetching from <url>: [429 Too Many Requests] <message> <details JSON>"
function fetchErrorMessage(error: GoogleGenerativeAIFetchError): string {
  let message = error.message;
  const status = message.indexOf(`[${error.status} `);
  if (status >= 0) {
    const end = message.indexOf('] ', status);
    if (end >= 0) message = message.slice(end + 2);
  }
  if (error.errorDetails !== undefined) {
    const details = ` ${JSON.stringify(error.errorDetails)}`;
    if (message.endsWith(details)) message = message.slice(0, -details.length);
  }
  return message;
}
