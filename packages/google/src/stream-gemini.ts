import {
  abortedError,
  type ChatChunk,
  type ChatCompletionRequest,
  type LLM,
  type LLMError,
  pipeVendorStream,
  type StreamOptions,
  type VendorStreamSource,
} from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import type { GeminiRequest, GeminiResponse } from './gemini-api-types.js';
import type { ErrorContext } from './map-error.js';
import { createStreamState, mapStreamEvent } from './map-stream.js';
import { openRequestScope, type RequestScope } from './request-scope.js';

/** What differs between the two SDKs: how the request is sent and how their errors look. */
export interface GeminiTransport {
  /** Sends the request through the SDK and returns the SDK's own event iterator. */
  open(request: GeminiRequest, signal: AbortSignal): Promise<AsyncIterable<unknown>>;
  /** Maps anything the SDK throws to an `LLMError`. */
  mapError(error: unknown, context: ErrorContext): LLMError;
}

/**
 * One streaming request: converts the request, sends it through the transport, maps each
 * SDK event to chunks, and turns every failure into an `LLMError`. Leaving the iteration
 * early, aborting or timing out closes the HTTP stream. It does not detect truncation: a
 * stream that ends without a finish reason just ends, and core reports it.
 */
export function streamGemini(
  request: ChatCompletionRequest,
  transport: GeminiTransport,
  context: ErrorContext,
): AsyncIterable<ChatChunk> {
  const { provider, signal } = context;
  const state = createStreamState(provider);
  let scope: RequestScope | undefined;
  const source: VendorStreamSource<GeminiResponse> = {
    open() {
      if (signal?.aborted === true) throw abortedError(provider, signal.reason);
      const params = convertRequest(request, provider);
      scope = openRequestScope(signal, context.timeoutMs);
      source.signal = scope.signal;
      return transport.open(params, scope.signal) as Promise<AsyncIterable<GeminiResponse>>;
    },
    map: (event) => mapStreamEvent(event, state),
    fail: (error, streaming) =>
      transport.mapError(error, { ...context, streaming, timedOut: scope?.timedOut === true }),
    close: (completed) => scope?.close(completed),
  };
  return pipeVendorStream(source);
}

/** An `LLM` for one Gemini model over a transport: what both entries (genai and legacy) return. */
export function geminiModel(
  provider: string,
  modelId: string,
  timeoutMs: number | undefined,
  transport: GeminiTransport,
): LLM {
  return {
    provider,
    modelId,
    createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk> {
      return streamGemini(request, transport, { provider, signal: options?.signal, timeoutMs });
    },
  };
}
