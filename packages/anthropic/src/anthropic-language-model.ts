import type Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatChunk, ChatCompletionRequest, LLM, StreamOptions } from '@switchyard/core';
import { pipeVendorStream } from '@switchyard/core';
import { convertRequest } from './convert-request.js';
import { jsonToolAsText, usesJsonTool } from './json-tool.js';
import { mapError } from './map-error.js';
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
      const stream = streamChat(modelId, settings, request, options?.signal);
      return usesJsonTool(request) ? jsonToolAsText(stream) : stream;
    },
  };
}

function streamChat(
  modelId: string,
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  signal: AbortSignal | undefined,
): AsyncIterable<ChatChunk> {
  const provider = settings.provider;
  const state = createStreamState();
  const context = { signal, sentSamplingParams: false };
  return pipeVendorStream<RawMessageStreamEvent>({
    open() {
      const client = settings.getClient();
      const params = convertRequest(request, { modelId, provider, defaultMaxTokens: settings.defaultMaxTokens });
      context.sentSamplingParams = params.temperature !== undefined || params.top_p !== undefined;
      // The raw event stream, not `messages.stream()`: that helper keeps its own copy of the message.
      return client.messages.create(params, {
        signal,
        // Core owns the only retry loop; this also holds for a client passed in by the caller.
        maxRetries: 0,
        ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
        ...(settings.headers === undefined ? {} : { headers: settings.headers }),
      });
    },
    map: (event) => mapStreamEvent(event, state),
    fail: (error) => mapError(error, provider, context),
    signal,
  });
}
