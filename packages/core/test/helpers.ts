import type {
  AccumulatorSink,
  ChatChunk,
  ChatCompletionRequest,
  ChunkDelta,
  FinishReason,
  LLM,
  StreamOptions,
  ToolCall,
  ToolCallDelta,
  Usage,
} from '@switchyard/core';
import { LLMError } from '@switchyard/core';

/** A minimal request; the scripted models ignore its content. */
export const request: ChatCompletionRequest = { messages: [{ role: 'user', content: 'hi' }] };

/** Keeps retry backoff in the low milliseconds so the suite stays fast. */
export const fastRetry = { initialMs: 1, maxMs: 2 } as const;

/** A chunk carrying one delta for choice 0. */
export function deltaChunk(delta: ChunkDelta, extra: Partial<ChatChunk> = {}): ChatChunk {
  return { ...extra, choices: [{ index: 0, delta, finishReason: null }] };
}

export function text(content: string): ChatChunk {
  return deltaChunk({ content });
}

export function reasoning(content: string): ChatChunk {
  return deltaChunk({ reasoning: content });
}

export function role(): ChatChunk {
  return deltaChunk({ role: 'assistant' });
}

export function tools(...toolCalls: ToolCallDelta[]): ChatChunk {
  return deltaChunk({ toolCalls });
}

export function finish(reason: FinishReason = 'stop', raw: string | undefined = reason): ChatChunk {
  const choice =
    raw === undefined
      ? { index: 0, delta: {}, finishReason: reason }
      : { index: 0, delta: {}, finishReason: reason, rawFinishReason: raw };
  return { choices: [choice] };
}

export function usage(snapshot: Usage): ChatChunk {
  return { choices: [], usage: snapshot };
}

export type SinkEvent =
  | { type: 'token'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool_call'; toolCall: ToolCall };

/** An accumulator sink that records what it was told, in order. */
export interface RecordingSink extends AccumulatorSink {
  readonly events: SinkEvent[];
  readonly toolCalls: ToolCall[];
  readonly tokens: string[];
  readonly reasoningTexts: string[];
}

export function recordingSink(): RecordingSink {
  const events: SinkEvent[] = [];
  const toolCalls: ToolCall[] = [];
  const tokens: string[] = [];
  const reasoningTexts: string[] = [];
  return {
    events,
    toolCalls,
    tokens,
    reasoningTexts,
    token(value) {
      tokens.push(value);
      events.push({ type: 'token', text: value });
    },
    reasoning(value) {
      reasoningTexts.push(value);
      events.push({ type: 'reasoning', text: value });
    },
    toolCall(toolCall) {
      toolCalls.push(toolCall);
      events.push({ type: 'tool_call', toolCall });
    },
  };
}

/** A retryable server error as an adapter would throw it. */
export function serverError(options: { retryAfterMs?: number; provider?: string } = {}): LLMError {
  return new LLMError('scripted: internal server error', {
    code: 'server',
    status: 500,
    provider: options.provider ?? 'scripted',
    ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
  });
}

/** A model written by hand: counts how many chunks were pulled and whether it was closed. */
export interface CountingModel extends LLM {
  readonly pulled: number;
  readonly closed: boolean;
  readonly completed: boolean;
}

export function countingModel(chunks: ChatChunk[], options: { ignoreSignal?: boolean } = {}): CountingModel {
  let pulled = 0;
  let closed = false;
  let completed = false;
  async function* play(signal: AbortSignal | undefined): AsyncGenerator<ChatChunk> {
    try {
      for (const chunk of chunks) {
        if (options.ignoreSignal !== true && signal?.aborted) throw signal.reason;
        pulled += 1;
        yield chunk;
      }
      completed = true;
    } finally {
      if (!completed) closed = true;
    }
  }
  return {
    provider: 'counting',
    modelId: 'counting-model',
    get pulled() {
      return pulled;
    },
    get closed() {
      return closed;
    },
    get completed() {
      return completed;
    },
    createChatCompletionStream(_request: ChatCompletionRequest, streamOptions: StreamOptions = {}) {
      return play(streamOptions.signal);
    },
  };
}

/** Lets every pending timer-free continuation and a few macrotask turns run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Records unhandled promise rejections while `fn` runs (and a few turns after). */
export async function collectUnhandledRejections(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await settle(5);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<LLMError> {
  try {
    await promise;
  } catch (error) {
    return error as LLMError;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The error `fn` throws synchronously; fails the test when it returns. */
export function errorOf(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (error) {
    return error as LLMError;
  }
  throw new Error('expected a throw');
}
