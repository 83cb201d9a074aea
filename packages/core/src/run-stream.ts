import { type AccumulatorSink, createAccumulator } from './accumulator.js';
import { defaultRegistry } from './default-registry.js';
import { abortedError, isAbortError, isLLMError, LLMError } from './errors.js';
import type { Registry } from './registry.js';
import { type RetryDelayOptions, retryDelay, sleep } from './retry.js';
import { finalizeOutput } from './structured-output.js';
import type { LLM } from './types/llm.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { ToolCall } from './types/tool-call.js';

/** Options shared by `streamChatCompletion`, `chatStream` and `complete`. */
export interface StreamChatOptions {
  /** Aborting closes the vendor's HTTP stream and rejects with an `aborted` error. */
  signal?: AbortSignal;
  /** Where spec strings are resolved (default: the default registry, which loads installed adapters). */
  registry?: Registry;
  /** Retries of retryable errors per model, only while no output was delivered (default 2). */
  maxRetries?: number;
  /** Models tried in order when the previous one fails before delivering any output. */
  fallbacks?: ReadonlyArray<LLM | string>;
  /** Backoff between retries. */
  retryDelay?: RetryDelayOptions;
}

/** What a run reports while it streams. Exceptions thrown here end the run as errors. */
export interface RunSink extends AccumulatorSink {
  start(): void;
}

/** Called after each chunk when output is waiting for a slow consumer; `false` stops the run. */
export type RunGate = () => boolean | Promise<boolean>;

const DEFAULT_MAX_RETRIES = 2;

async function resolveModel(model: LLM | string, registry: Registry | undefined): Promise<LLM> {
  if (typeof model !== 'string') {
    if (model === null || typeof model !== 'object' || typeof model.createChatCompletionStream !== 'function') {
      throw new LLMError(
        'model must be a "provider:model" spec string or an LLM (an object with createChatCompletionStream).',
        { code: 'invalid_request' },
      );
    }
    return model;
  }
  const target = registry ?? defaultRegistry();
  if (target.prepare !== undefined) await target.prepare(model);
  return target.resolve(model);
}

/** Any thrown value as an `LLMError` (aborts become `aborted`, the rest `unknown`). */
export function toLLMError(error: unknown, provider: string): LLMError {
  if (isLLMError(error)) return error;
  if (isAbortError(error)) return abortedError(provider, error);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new LLMError(`The "${provider}" model failed unexpectedly: ${text}`, {
    code: 'unknown',
    provider,
    retryable: false,
    cause: error,
  });
}

// Wraps the caller's sink so that its exceptions never reach the accumulator mid-chunk:
// the first one is kept and ends the run after the chunk is fully applied.
interface GuardedSink extends RunSink {
  failure: unknown;
  failed: boolean;
}

function guard(sink: RunSink): GuardedSink {
  const guarded: GuardedSink = {
    failure: undefined,
    failed: false,
    start() {
      if (guarded.failed) return;
      try {
        sink.start();
      } catch (error) {
        guarded.failed = true;
        guarded.failure = error;
      }
    },
    token(text: string) {
      if (guarded.failed) return;
      try {
        sink.token(text);
      } catch (error) {
        guarded.failed = true;
        guarded.failure = error;
      }
    },
    reasoning(text: string) {
      if (guarded.failed) return;
      try {
        sink.reasoning(text);
      } catch (error) {
        guarded.failed = true;
        guarded.failure = error;
      }
    },
    toolCall(toolCall: ToolCall) {
      if (guarded.failed) return;
      try {
        sink.toolCall(toolCall);
      } catch (error) {
        guarded.failed = true;
        guarded.failure = error;
      }
    },
  };
  return guarded;
}

/** The error for an exception thrown by a caller's callback. */
export function handlerError(cause: unknown, provider: string): LLMError {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new LLMError(`A stream handler callback threw: ${text}. The stream was closed.`, {
    code: 'unknown',
    provider,
    retryable: false,
    cause,
  });
}

/**
 * The one retry and fallback loop: streams `request` from `model` (then `fallbacks`),
 * retrying retryable errors with backoff only while nothing has been delivered, and
 * resolves with the assembled message. Rejects with an `LLMError` carrying `partial`.
 */
export async function runStream(
  request: ChatCompletionRequest,
  model: LLM | string,
  options: StreamChatOptions,
  sink: RunSink,
  gate?: RunGate,
): Promise<OutputMessage> {
  const signal = options.signal;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const candidates: Array<LLM | string> = [model];
  if (options.fallbacks !== undefined) candidates.push(...options.fallbacks);
  const guarded = guard(sink);
  let started = false;
  let lastError: LLMError | undefined;

  for (let c = 0; c < candidates.length; c++) {
    const llm = await resolveModel(candidates[c]!, options.registry);
    const provider = llm.provider;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortedError(provider, signal.reason);
      const accumulator = createAccumulator(guarded);
      let error: LLMError;
      try {
        const streamOptions = signal === undefined ? {} : { signal };
        for await (const chunk of llm.createChatCompletionStream(request, streamOptions)) {
          if (!started) {
            started = true;
            guarded.start();
          }
          accumulator.push(chunk);
          // A model that ignores the signal must still stop at an abort.
          if (signal?.aborted) throw abortedError(provider, signal.reason);
          if (guarded.failed) throw handlerError(guarded.failure, provider);
          if (gate !== undefined) {
            const open = gate();
            if (open === false || (open !== true && !(await open))) throw abortedError(provider);
          }
        }
        // JSON output is parsed (and validated) once, here: a failure is `invalid_output`.
        return await finalizeOutput(accumulator.end(provider), request);
      } catch (caught) {
        error = signal?.aborted && !isLLMError(caught) ? abortedError(provider, caught) : toLLMError(caught, provider);
        if (signal?.aborted && error.code !== 'aborted') error = abortedError(provider, error);
        error.partial = accumulator.partial();
      }
      if (error.code === 'aborted' || accumulator.delivered || guarded.failed) throw error;
      lastError = error;
      const wait = attempt < maxRetries ? retryDelay(error, attempt, options.retryDelay) : undefined;
      if (wait === undefined) break;
      await sleep(wait, signal, provider);
    }
  }
  throw lastError ?? new LLMError('No model to try.', { code: 'invalid_request' });
}
