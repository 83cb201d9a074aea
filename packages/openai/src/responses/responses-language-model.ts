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
import { mapError } from '../map-error.js';
import type { LanguageModelSettings } from '../openai-language-model.js';
import { convertRequest } from './convert-request.js';
import { mapResponseError } from './map-error.js';
import { createStreamState, mapEvent, type ResponsesStreamState, type ResponsesWireEvent } from './map-stream.js';

/** What a Responses model needs from its plugin (the Chat settings without the dialect quirks). */
export type ResponsesModelSettings = Pick<
  LanguageModelSettings,
  'provider' | 'modelId' | 'getClient' | 'maxEventBytes'
>;

/**
 * A model on the Responses API. Like the Chat model, its only own properties are
 * `provider`, `modelId` and `createChatCompletionStream`: the client and key stay in the closure.
 */
export function createResponsesLanguageModel(settings: ResponsesModelSettings): LLM {
  return {
    provider: settings.provider,
    modelId: settings.modelId,
    createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk> {
      return streamResponse(settings, request, options);
    },
  };
}

function streamResponse(
  settings: ResponsesModelSettings,
  request: ChatCompletionRequest,
  options: StreamOptions | undefined,
): AsyncIterable<ChatChunk> {
  const provider = settings.provider;
  const signal = options?.signal;
  const state = createStreamState(provider);
  // Every network read counts as activity for core's idle timeout, as on Chat.
  const decoderOptions = { provider, maxEventBytes: settings.maxEventBytes, onActivity: options?.onActivity };
  return pipeVendorStream<SseEvent[]>({
    async open() {
      const client = settings.getClient();
      const params = convertRequest(request, settings.modelId, { provider });
      // As on Chat: the SDK builds, authenticates and sends the request and maps HTTP errors;
      // core's SSE decoder reads the body. Core owns the only retry loop.
      const response = await client.responses
        .create(params, signal === undefined ? { maxRetries: 0 } : { signal, maxRetries: 0 })
        .asResponse();
      reportResponse(options?.onResponse, response, 'x-request-id');
      return readSseEvents(response, decoderOptions);
    },
    map: (events) => mapEvents(events, state),
    fail: (error) => transportError(error) ?? mapError(error, provider, signal),
    signal,
  });
}

// Event types `mapEvent` maps to nothing; everything else (unknown types included) is parsed.
const UNMAPPED_EVENTS: ReadonlySet<string> = new Set([
  'response.in_progress',
  'response.queued',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.done',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.done',
  'response.function_call_arguments.done',
]);

/**
 * The events of one network read → chunks. Both shapes of the `error` event and
 * `response.failed` throw from `mapEvent`, a bare `{"error": …}` from here; after the first
 * terminal event nothing is mapped.
 */
export function mapEvents(events: SseEvent[], state: ResponsesStreamState): ChatChunk[] | undefined {
  let out: ChatChunk[] | undefined;
  for (let i = 0; i < events.length; i++) {
    if (state.finished) break;
    const event = events[i]!;
    // The `event:` line names the type: events that carry nothing are not parsed at all
    // (the `.done` ones repeat the whole text of their part).
    if (event.event !== undefined && UNMAPPED_EVENTS.has(event.event)) continue;
    const parsed = parseEventJson(event) as ResponsesWireEvent | undefined;
    if (parsed === undefined || parsed === null) continue;
    if (typeof parsed.type !== 'string') {
      // A bare `{"error": …}` (the Chat Completions shape, which some proxies send here too).
      if (typeof parsed.error === 'object' && parsed.error !== null) {
        state.finished = true;
        throw mapResponseError(parsed.error, state.provider);
      }
      continue;
    }
    const chunk = mapEvent(parsed, state);
    if (chunk === undefined) continue;
    if (out === undefined) out = [chunk];
    else out.push(chunk);
  }
  return out;
}
