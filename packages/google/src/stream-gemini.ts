import { abortedError, type ChatChunk, type ChatCompletionRequest, type LLMError } from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import type { GeminiRequest, GeminiResponse } from './gemini-api-types.js';
import type { ErrorContext } from './map-error.js';
import { createStreamState, mapStreamEvent } from './map-stream.js';
import { openRequestScope } from './request-scope.js';

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
export async function* streamGemini(
  request: ChatCompletionRequest,
  transport: GeminiTransport,
  context: ErrorContext,
): AsyncGenerator<ChatChunk, void, undefined> {
  const { provider, signal } = context;
  if (signal?.aborted === true) throw abortedError(provider, signal.reason);
  const params = convertRequest(request, provider);
  const scope = openRequestScope(signal, context.timeoutMs);
  let completed = false;
  try {
    let events: AsyncIterable<unknown>;
    try {
      events = await transport.open(params, scope.signal);
    } catch (error) {
      throw transport.mapError(error, { ...context, timedOut: scope.timedOut });
    }
    const state = createStreamState(provider);
    try {
      for await (const event of events) {
        const chunks = mapStreamEvent(event as GeminiResponse, state);
        for (let i = 0; i < chunks.length; i++) yield chunks[i]!;
      }
    } catch (error) {
      throw transport.mapError(error, { ...context, streaming: true, timedOut: scope.timedOut });
    }
    completed = true;
  } finally {
    scope.close(completed);
  }
}
