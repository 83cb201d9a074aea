import {
  abortedError,
  type ChatChunk,
  type ChatCompletionRequest,
  type LLM,
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

async function* streamCompletion(
  settings: LanguageModelSettings,
  request: ChatCompletionRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatChunk, void, undefined> {
  const provider = settings.provider;
  const client = settings.getClient();
  const params = convertRequest(request, settings.modelId, { provider, quirks: settings.quirks });
  let stream: AsyncIterable<WireChunk>;
  try {
    // Core owns the only retry loop; per request, so it also holds for a `client` passed in.
    stream = await client.chat.completions.create(
      params,
      signal === undefined ? { maxRetries: 0 } : { signal, maxRetries: 0 },
    );
  } catch (error) {
    throw mapError(error, provider, signal);
  }
  const state = createStreamState();
  try {
    // Leaving this loop early returns the SDK's iterator, which aborts the HTTP request.
    for await (const event of stream) {
      const chunk = mapChunk(event, state);
      if (chunk !== undefined) yield chunk;
    }
  } catch (error) {
    const mapped = mapError(error, provider, signal);
    // A dropped connection just ends the stream: after the finish chunk (OpenAI's usage chunk
    // comes later) the message is complete; before it, core reports stream_truncated.
    if (mapped.code === 'stream_truncated') return;
    throw mapped;
  }
  // The SDK ends an aborted stream quietly; without this it would look truncated.
  if (signal?.aborted) throw abortedError(provider, signal.reason);
}
