import type Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatChunk, ChatCompletionRequest, LLM, StreamOptions } from '@switchyard/core';
import { abortedError } from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import { isConnectionDrop, mapError } from './map-error.js';
import { createStreamState, mapStreamEvent } from './map-stream.js';

/** What a model needs from its plugin. Kept in closures, never on the model object. */
export interface LanguageModelSettings {
  provider: string;
  /** The SDK client, created on first use; throws an `auth` `LLMError` when no key is configured. */
  getClient: () => Anthropic;
  headers: Record<string, string> | undefined;
  timeout: number | undefined;
  defaultMaxTokens: number | undefined;
}

/** An `LLM` for one Anthropic model: request → SDK raw event stream → pure mapping → chunks. */
export function createAnthropicLanguageModel(modelId: string, settings: LanguageModelSettings): LLM {
  return {
    provider: settings.provider,
    modelId,
    createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk> {
      return streamChat(modelId, settings, request, options?.signal);
    },
  };
}

async function* streamChat(
  modelId: string,
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatChunk, void, undefined> {
  const provider = settings.provider;
  const client = settings.getClient();
  const params = convertRequest(request, { modelId, provider, defaultMaxTokens: settings.defaultMaxTokens });
  const context = { signal, sentSamplingParams: params.temperature !== undefined || params.top_p !== undefined };
  // The raw event stream, not `messages.stream()`: that helper keeps its own copy of the message.
  let events: AsyncIterable<RawMessageStreamEvent>;
  try {
    events = await client.messages.create(params, {
      signal,
      // Core owns the only retry loop; this also holds for a client passed in by the caller.
      maxRetries: 0,
      ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
      ...(settings.headers === undefined ? {} : { headers: settings.headers }),
    });
  } catch (error) {
    throw mapError(error, provider, context);
  }
  const state = createStreamState();
  try {
    for await (const event of events) {
      const chunk = mapStreamEvent(event, state);
      if (chunk !== undefined) yield chunk;
    }
  } catch (error) {
    // A dropped connection ends the stream; core reports the missing finish as stream_truncated.
    if (signal?.aborted !== true && isConnectionDrop(error)) return;
    throw mapError(error, provider, context);
  }
  // The SDK ends its iterator quietly when the request is aborted; that is not a clean end.
  if (signal?.aborted === true) throw abortedError(provider, signal.reason);
}
