import {
  type ChatChunk,
  type ChatCompletionRequest,
  type LLM,
  parseEventJson,
  pipeVendorStream,
  readSseEvents,
  reportResponse,
  type SseEvent,
  type StreamOptions,
  transportError,
} from '@switchyard/core';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { convertRequest } from './convert-request.js';
import { mapError } from './map-error.js';
import { createStreamState, mapChunk, type StreamState, type WireChunk } from './map-stream.js';
import type { OpenAICompatQuirks } from './presets.js';

/** What a model needs from its plugin. Kept in a closure: it reaches the API key. */
export interface LanguageModelSettings {
  provider: string;
  modelId: string;
  quirks: OpenAICompatQuirks;
  /** The SDK client, created on first use; throws the `auth` error when the key is missing. */
  getClient(): OpenAI;
  /** The largest SSE line or event accepted (the SSE decoder's `maxEventBytes`). */
  maxEventBytes?: number | undefined;
}

/**
 * A model on the Chat Completions API. Its only own properties are `provider`, `modelId`
 * and `createChatCompletionStream`: the client and key stay in the closure.
 */
export function createLanguageModel(settings: LanguageModelSettings): LLM {
  return {
    provider: settings.provider,
    modelId: settings.modelId,
    createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk> {
      return streamCompletion(settings, request, options);
    },
  };
}

/** Per stream: the mapping state, and whether `data: [DONE]` ended the events. */
export interface EventState {
  chunks: StreamState;
  done: boolean;
  headers: Headers | undefined;
}

function streamCompletion(
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  options: StreamOptions | undefined,
): AsyncIterable<ChatChunk> {
  const provider = settings.provider;
  const signal = options?.signal;
  const onActivity = options?.onActivity;
  const state: EventState = { chunks: createStreamState(), done: false, headers: undefined };
  const decoderOptions = { provider, maxEventBytes: settings.maxEventBytes, onActivity };
  return pipeVendorStream<SseEvent[]>({
    async open() {
      const client = settings.getClient();
      const params = convertRequest(request, settings.modelId, { provider, quirks: settings.quirks });
      // The SDK builds, authenticates and sends the request and maps HTTP errors; the body is
      // read below it, by core's SSE decoder (linear and bounded, unlike the SDK's reader).
      // Core owns the only retry loop; per request, so it also holds for a `client` passed in.
      const response = await client.chat.completions
        .create(params, signal === undefined ? { maxRetries: 0 } : { signal, maxRetries: 0 })
        .asResponse();
      state.headers = response.headers;
      reportResponse(options?.onResponse, response, 'x-request-id');
      return readSseEvents(response, decoderOptions);
    },
    map: (events) => mapEvents(events, state),
    fail: (error) => transportError(error) ?? mapError(error, provider, signal),
    signal,
  });
}

/**
 * The events of one network read → chunks, as the SDK's stream reader would see them:
 * nothing after `data: [DONE]`, and an `error` object in the data is the SDK's `APIError`.
 */
export function mapEvents(events: SseEvent[], state: EventState): ChatChunk[] | undefined {
  let out: ChatChunk[] | undefined;
  for (let i = 0; i < events.length; i++) {
    if (state.done) break;
    const event = events[i]!;
    const data = event.data;
    if (data.startsWith('[DONE]')) {
      state.done = true;
      continue;
    }
    const parsed = parseEventJson(event) as (WireChunk & { error?: unknown; message?: string }) | undefined;
    if (parsed === undefined) continue;
    if (parsed.error !== undefined && parsed.error !== null) {
      throw new APIError(undefined, parsed.error as object, undefined, state.headers);
    }
    if (event.event === 'error') throw new APIError(undefined, parsed, parsed.message, state.headers);
    const chunk = mapChunk(parsed, state.chunks);
    if (chunk === undefined) continue;
    if (out === undefined) out = [chunk];
    else out.push(chunk);
  }
  return out;
}
