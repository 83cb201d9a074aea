import {
  abortedError,
  type ChatChunk,
  type ChatCompletionRequest,
  type LLM,
  type LLMError,
  parseEventJson,
  pipeVendorStream,
  readSseEvents,
  reportResponse,
  type SseEvent,
  type StreamOptions,
  transportError,
  type VendorStreamSource,
} from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import type { GeminiRequest, GeminiResponse } from './gemini-api-types.js';
import { type ErrorContext, mapGeminiErrorObject, parseErrorBody, unparsableTailError } from './map-error.js';
import { createStreamState, mapStreamEvent, type StreamState } from './map-stream.js';
import { openRequestScope, type RequestScope } from './request-scope.js';

/**
 * What a transport opened: the raw HTTP response, whose body core's SSE decoder reads, or
 * (the legacy SDK, which offers no raw body) the SDK's own event iterator.
 */
export type GeminiBody = { response: Response } | { events: AsyncIterable<GeminiResponse> };

/** What differs between the two SDKs: how the request is sent and how their errors look. */
export interface GeminiTransport {
  /** Sends the request through the SDK (which maps HTTP errors) and returns the body to read. */
  open(request: GeminiRequest, signal: AbortSignal): Promise<GeminiBody>;
  /** Maps anything the SDK throws to an `LLMError`. */
  mapError(error: unknown, context: ErrorContext): LLMError;
  /** The largest SSE line or event accepted (the SSE decoder's `maxEventBytes`). */
  maxEventBytes?: number | undefined;
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
  options?: StreamOptions,
): AsyncIterable<ChatChunk> {
  const { provider, signal } = context;
  const state = createStreamState(provider);
  const decoderOptions = { provider, maxEventBytes: transport.maxEventBytes, onActivity: options?.onActivity };
  let scope: RequestScope | undefined;
  const source: VendorStreamSource<SseEvent[] | GeminiResponse> = {
    async open() {
      if (signal?.aborted === true) throw abortedError(provider, signal.reason);
      const params = convertRequest(request, provider);
      scope = openRequestScope(signal, context.timeoutMs);
      source.signal = scope.signal;
      const body = await transport.open(params, scope.signal);
      if (!('response' in body)) return body.events;
      // Gemini documents no request id header; the status is what there is to report.
      reportResponse(options?.onResponse, body.response);
      return readSseEvents(body.response, decoderOptions);
    },
    // Batches of raw events come from the decoder; single parsed events from the legacy SDK.
    map: (event) => (Array.isArray(event) ? mapEvents(event, state) : mapStreamEvent(event, state)),
    fail: (error, streaming) =>
      transportError(error) ?? transport.mapError(error, { ...context, streaming, timedOut: scope?.timedOut === true }),
    close: (completed) => scope?.close(completed),
  };
  return pipeVendorStream(source);
}

/**
 * The events of one network read → chunks. A raw tail (Gemini's bare JSON error body after
 * or instead of the events) is its error, whichever reads it was split across; an `error`
 * object in a `data:` event is thrown by `mapStreamEvent`.
 */
export function mapEvents(events: SseEvent[], state: StreamState): ChatChunk[] | undefined {
  let out: ChatChunk[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.raw) throw rawTailError(event.data, state.provider);
    const parsed = parseEventJson(event) as GeminiResponse | undefined;
    if (parsed === undefined) continue;
    const chunks = mapStreamEvent(parsed, state);
    if (out === undefined) out = chunks;
    else for (let j = 0; j < chunks.length; j++) out.push(chunks[j]!);
  }
  return out;
}

function rawTailError(text: string, provider: string): LLMError {
  const error = parseErrorBody(text);
  return error === undefined ? unparsableTailError(provider, undefined) : mapGeminiErrorObject(error, provider);
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
      return streamGemini(request, transport, { provider, signal: options?.signal, timeoutMs }, options);
    },
  };
}
