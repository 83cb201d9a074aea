import type Anthropic from '@anthropic-ai/sdk';
import { APIError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { ChatChunk, ChatCompletionRequest, LLM, SseEvent, StreamOptions } from '@switchyard/core';
import { parseEventJson, pipeVendorStream, readSseEvents, reportResponse, transportError } from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import { jsonToolAsText, usesJsonTool } from './json-tool.js';
import { mapError } from './map-error.js';
import { createStreamState, mapStreamEvent, type StreamState } from './map-stream.js';

/** What a model needs from its plugin. Kept in closures, never on the model object. */
export interface LanguageModelSettings {
  provider: string;
  /** The SDK client, created on first use; throws an `auth` `LLMError` when no key is configured. */
  getClient: () => Anthropic;
  headers: Record<string, string> | undefined;
  timeout: number | undefined;
  defaultMaxTokens: number | undefined;
  /** The largest SSE line or event accepted (the SSE decoder's `maxEventBytes`). */
  maxEventBytes?: number | undefined;
}

/** An `LLM` for one Anthropic model: request → SDK sends it → raw body → SSE decoder → pure mapping → chunks. */
export function createAnthropicLanguageModel(modelId: string, settings: LanguageModelSettings): LLM {
  return {
    provider: settings.provider,
    modelId,
    createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk> {
      const stream = streamChat(modelId, settings, request, options);
      return usesJsonTool(request) ? jsonToolAsText(stream) : stream;
    },
  };
}

/** Per stream: the block state of the mapping, and the response headers for in-band errors. */
export interface EventState {
  blocks: StreamState;
  headers: Headers | undefined;
}

function streamChat(
  modelId: string,
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  options: StreamOptions | undefined,
): AsyncIterable<ChatChunk> {
  const provider = settings.provider;
  const signal = options?.signal;
  const onActivity = options?.onActivity;
  const state: EventState = { blocks: createStreamState(), headers: undefined };
  const context = { signal, sentSamplingParams: false };
  const decoderOptions = { provider, maxEventBytes: settings.maxEventBytes, onActivity };
  return pipeVendorStream<SseEvent[]>({
    async open() {
      const client = settings.getClient();
      const params = convertRequest(request, { modelId, provider, defaultMaxTokens: settings.defaultMaxTokens });
      context.sentSamplingParams = params.temperature !== undefined || params.top_p !== undefined;
      // The SDK builds, authenticates and sends the request and maps HTTP errors; the body is
      // read below it by core's SSE decoder, which bounds lines and drops comments as they come.
      const response = await client.messages
        .create(params, {
          signal,
          // Core owns the only retry loop; this also holds for a client passed in by the caller.
          maxRetries: 0,
          ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
          ...(settings.headers === undefined ? {} : { headers: settings.headers }),
        })
        .asResponse();
      state.headers = response.headers;
      reportResponse(options?.onResponse, response, 'request-id');
      return readSseEvents(response, decoderOptions);
    },
    map: (events) => mapEvents(events, state),
    fail: (error) => transportError(error) ?? mapError(error, provider, context),
    signal,
  });
}

/**
 * The events of one network read → chunks, as the SDK's stream reader would see them: events
 * without an `event:` name and `ping`s are skipped, `event: error` is the SDK's `APIError`.
 */
export function mapEvents(events: SseEvent[], state: EventState): ChatChunk[] | undefined {
  let out: ChatChunk[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const name = event.event;
    if (name === undefined || name === 'ping' || event.data === '') continue;
    if (name === 'error') throw inBandError(event.data, state.headers);
    const parsed = parseEventJson(event) as RawMessageStreamEvent | undefined;
    if (parsed === undefined) continue;
    const chunk = mapStreamEvent(parsed, state.blocks);
    if (chunk === undefined) continue;
    if (out === undefined) out = [chunk];
    else out.push(chunk);
  }
  return out;
}

function inBandError(data: string, headers: Headers | undefined): APIError {
  let body: unknown = data;
  try {
    body = JSON.parse(data);
  } catch {
    // Not JSON: the SDK keeps the text as the error body, and so do we.
  }
  const type = (body as { error?: { type?: unknown } } | null)?.error?.type;
  return new APIError(
    undefined,
    body as object,
    undefined,
    headers,
    typeof type === 'string' ? (type as ErrorType) : null,
  );
}
