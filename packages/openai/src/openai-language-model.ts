import {
  type ChatChunk,
  type ChatCompletionRequest,
  type LLM,
  pipeVendorStream,
  type StreamOptions,
} from '@switchyard/core';
import type OpenAI from 'openai';
import { convertRequest } from './convert-request.js';
import { mapError } from './map-error.js';
import { createStreamState, mapChunk, type WireChunk } from './map-stream.js';
import type { OpenAICompatQuirks } from './presets.js';

/** What a model needs from its plugin. Kept in a closure: it reaches the API key. */
export interface LanguageModelSettings {
  provider: string;
  modelId: string;
  quirks: OpenAICompatQuirks;
  /** The SDK client, created on first use; throws the `auth` error when the key is missing. */
  getClient(): OpenAI;
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
      return streamCompletion(settings, request, options?.signal);
    },
  };
}

function streamCompletion(
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  signal: AbortSignal | undefined,
): AsyncIterable<ChatChunk> {
  const provider = settings.provider;
  const state = createStreamState();
  return pipeVendorStream<WireChunk>({
    open() {
      const client = settings.getClient();
      const params = convertRequest(request, settings.modelId, { provider, quirks: settings.quirks });
      // Core owns the only retry loop; per request, so it also holds for a `client` passed in.
      return client.chat.completions.create(
        params,
        signal === undefined ? { maxRetries: 0 } : { signal, maxRetries: 0 },
      );
    },
    map: (event) => mapChunk(event, state),
    fail: (error) => mapError(error, provider, signal),
    signal,
  });
}
