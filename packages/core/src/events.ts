import { LLMError } from './errors.js';
import { type RunSink, runStream, type StreamChatOptions, toLLMError } from './run-stream.js';
import { emptyPartial } from './stream-chat-completion.js';
import type { LLM } from './types/llm.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { ToolCall } from './types/tool-call.js';

/** One typed event of a streamed chat completion, in the order the output arrived. */
export type StreamEvent =
  | { type: 'start' }
  | { type: 'token'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool_call'; toolCall: ToolCall }
  | { type: 'complete'; message: OutputMessage };

/**
 * A streamed chat completion without callbacks: iterate it for events, or await
 * `complete()` for the message. Failures are thrown as `LLMError` (with `partial`).
 * Leaving the iteration early closes the vendor's HTTP stream.
 */
export interface ChatStream extends AsyncIterable<StreamEvent> {
  /** The assembled message; drains the stream when it is not being iterated. */
  complete(): Promise<OutputMessage>;
}

const NOOP = (): void => {};
const SILENT: RunSink = { start: NOOP, token: NOOP, reasoning: NOOP, toolCall: NOOP };

/** Streams a chat completion as an async iterable of events; see `ChatStream`. */
export function chatStream(
  request: ChatCompletionRequest,
  model: LLM | string,
  options: StreamChatOptions = {},
): ChatStream {
  let result: Promise<OutputMessage> | undefined;
  let iterating: { result(): Promise<OutputMessage> } | undefined;

  function run(sink: RunSink, runOptions: StreamChatOptions, gate?: () => boolean | Promise<boolean>) {
    result = runStream(request, model, runOptions, sink, gate).catch((caught: unknown) => {
      const error = toLLMError(caught, 'core');
      if (error.partial === undefined) error.partial = emptyPartial();
      throw error;
    });
    // The failure reaches the caller through next() or complete(); never unhandled.
    result.catch(NOOP);
    return result;
  }

  return {
    complete() {
      // While iterating, the iteration's own run (started now if next() was not called yet).
      if (iterating !== undefined) return iterating.result();
      return result ?? run(SILENT, options);
    },
    [Symbol.asyncIterator]() {
      if (iterating !== undefined || result !== undefined) {
        throw new LLMError(
          'A chat stream can be consumed once: iterate it, or call complete(), not both. Call chatStream() again for another request.',
          { code: 'invalid_request' },
        );
      }
      const iteration = iterate(run, options);
      iterating = iteration;
      return iteration.iterator;
    },
  };
}

type Starter = (
  sink: RunSink,
  options: StreamChatOptions,
  gate: () => boolean | Promise<boolean>,
) => Promise<OutputMessage>;

// A one-slot handoff between the run (producer) and the iterator (consumer): the run
// pauses after each chunk until the consumer has taken the events it produced.
function iterate(
  start: Starter,
  options: StreamChatOptions,
): { iterator: AsyncIterator<StreamEvent>; result(): Promise<OutputMessage> } {
  const queue: StreamEvent[] = [];
  let head = 0;
  let finished = false;
  let failure: LLMError | undefined;
  let wakeConsumer: (() => void) | undefined;
  let resumeRun: ((open: boolean) => void) | undefined;
  // Leaving the iteration aborts the run; so does the caller's signal, through one listener
  // removed when the run settles (AbortSignal.any would tie this run to a long-lived signal).
  const leave = new AbortController();
  const outer = options.signal;
  const forward = (): void => leave.abort(outer?.reason);
  const signal = leave.signal;

  const wake = (): void => {
    const fn = wakeConsumer;
    wakeConsumer = undefined;
    fn?.();
  };
  const sink: RunSink = {
    start: () => queue.push({ type: 'start' }),
    token: (text) => queue.push({ type: 'token', text }),
    reasoning: (text) => queue.push({ type: 'reasoning', text }),
    toolCall: (toolCall) => queue.push({ type: 'tool_call', toolCall }),
  };
  const gate = (): boolean | Promise<boolean> => {
    if (leave.signal.aborted) return false;
    if (head === queue.length) return true;
    wake();
    return new Promise<boolean>((resolve) => {
      resumeRun = resolve;
    });
  };
  let running: Promise<OutputMessage> | undefined;

  function begin(): void {
    if (outer?.aborted === true) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    running = start(sink, { ...options, signal }, gate);
    running.then(
      (message) => {
        outer?.removeEventListener('abort', forward);
        queue.push({ type: 'complete', message });
        finished = true;
        wake();
      },
      (error: LLMError) => {
        outer?.removeEventListener('abort', forward);
        failure = error;
        finished = true;
        wake();
      },
    );
  }

  const iterator: AsyncIterator<StreamEvent> = {
    async next(): Promise<IteratorResult<StreamEvent>> {
      if (running === undefined) begin();
      for (;;) {
        if (head < queue.length) {
          const value = queue[head]!;
          head += 1;
          if (head === queue.length) {
            queue.length = 0;
            head = 0;
          }
          return { value, done: false };
        }
        if (finished) {
          if (failure !== undefined) {
            const error = failure;
            failure = undefined;
            throw error;
          }
          return { value: undefined, done: true };
        }
        const resume = resumeRun;
        resumeRun = undefined;
        const waiting = new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
        resume?.(true);
        await waiting;
      }
    },
    async return(): Promise<IteratorResult<StreamEvent>> {
      if (!finished) {
        leave.abort();
        const resume = resumeRun;
        resumeRun = undefined;
        resume?.(false);
        if (running !== undefined) await running.catch(NOOP);
      }
      finished = true;
      failure = undefined;
      queue.length = 0;
      head = 0;
      return { value: undefined, done: true };
    },
  };
  return {
    iterator,
    result: () => {
      if (running === undefined) begin();
      return running as Promise<OutputMessage>;
    },
  };
}

/** Streams a chat completion and resolves with the assembled message. */
export function complete(
  request: ChatCompletionRequest,
  model: LLM | string,
  options: StreamChatOptions = {},
): Promise<OutputMessage> {
  return chatStream(request, model, options).complete();
}
