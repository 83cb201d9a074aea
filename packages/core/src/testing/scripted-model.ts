import { abortedError, LLMError } from '../errors.js';
import { sleep } from '../retry.js';
import type { ChatChunk, FinishReason } from '../types/chunk.js';
import type { LLM, StreamOptions } from '../types/llm.js';
import type { ChatCompletionRequest } from '../types/request.js';

/** What one request to a scripted model plays. */
export interface ScriptedAttempt {
  /** The chunks to play, in order. */
  chunks?: ChatChunk[];
  /** Thrown after the chunks (or after `failAfter` of them). */
  error?: Error;
  /** Throw `error` after this many chunks instead of after all of them. */
  failAfter?: number;
  /** Wait before each chunk, in milliseconds (default: the model's `delayMs`). */
  delayMs?: number;
}

export interface ScriptedModelOptions {
  provider?: string;
  modelId?: string;
  /** Played for every request, unless `attempts` is given. */
  chunks?: ChatChunk[];
  /** One script per request, in order; the last one repeats. */
  attempts?: ScriptedAttempt[];
  /** Wait before each chunk, in milliseconds (default 0: no timer at all). */
  delayMs?: number;
}

/** A model that plays a script, for tests of code built on switchyard. */
export interface ScriptedModel extends LLM {
  /** Every request the model received, in order. */
  readonly requests: ChatCompletionRequest[];
  /** How many streams were left before their end (iteration ended early or aborted). */
  readonly closedEarly: number;
}

/** Creates a model that plays `options.chunks` (or one `attempts` entry per request). */
export function createScriptedModel(options: ScriptedModelOptions = {}): ScriptedModel {
  const provider = options.provider ?? 'scripted';
  const requests: ChatCompletionRequest[] = [];
  let closedEarly = 0;
  const attempts: ScriptedAttempt[] = options.attempts ?? [{ chunks: options.chunks ?? [] }];
  if (attempts.length === 0) {
    throw new LLMError('createScriptedModel needs at least one attempt.', { code: 'invalid_request', provider });
  }

  async function* play(attempt: ScriptedAttempt, signal: AbortSignal | undefined): AsyncGenerator<ChatChunk> {
    const chunks = attempt.chunks ?? [];
    const delay = attempt.delayMs ?? options.delayMs ?? 0;
    const stopAt = attempt.error !== undefined && attempt.failAfter !== undefined ? attempt.failAfter : chunks.length;
    let finished = false;
    try {
      for (let i = 0; i < stopAt && i < chunks.length; i++) {
        if (delay > 0) await sleep(delay, signal, provider);
        if (signal?.aborted) throw abortedError(provider, signal.reason);
        yield chunks[i]!;
      }
      finished = true;
      if (attempt.error !== undefined) throw attempt.error;
    } finally {
      if (!finished) closedEarly += 1;
    }
  }

  return {
    provider,
    modelId: options.modelId ?? 'scripted-model',
    get requests() {
      return requests;
    },
    get closedEarly() {
      return closedEarly;
    },
    createChatCompletionStream(request: ChatCompletionRequest, streamOptions: StreamOptions = {}) {
      const attempt = attempts[Math.min(requests.length, attempts.length - 1)]!;
      requests.push(request);
      return play(attempt, streamOptions.signal);
    },
  };
}

/** Chunks that stream `text` in pieces of `size` characters, then finish. */
export function textChunks(
  text: string,
  options: { size?: number; finishReason?: FinishReason; rawFinishReason?: string } = {},
): ChatChunk[] {
  const size = options.size ?? 4;
  const chunks: ChatChunk[] = [];
  for (let i = 0; i < text.length; i += size) {
    chunks.push({ choices: [{ index: 0, delta: { content: text.slice(i, i + size) }, finishReason: null }] });
  }
  const finishReason = options.finishReason ?? 'stop';
  chunks.push({
    choices: [{ index: 0, delta: {}, finishReason, rawFinishReason: options.rawFinishReason ?? finishReason }],
  });
  return chunks;
}
