import { type AccumulatorSink, createAccumulator } from './accumulator.js';
import { type CallWatch, DEFAULT_IDLE_TIMEOUT_MS, type TimeoutKind, watchCall } from './call-watch.js';
import { defaultRegistry } from './default-registry.js';
import { abortedError, isAbortError, isLLMError, LLMError } from './errors.js';
import {
  createHookRunner,
  type ErrorHookInfo,
  type FallbackHookInfo,
  type FinishHookInfo,
  type HookCallInfo,
  type HookErrorHandler,
  type HookRunner,
  type Hooks,
  type ResponseHookInfo,
  type RetryHookInfo,
} from './hooks.js';
import type { Registry } from './registry.js';
import { requestForProvider } from './request-for-provider.js';
import { type RetryDelayOptions, retryDelay, sleep } from './retry.js';
import { finalizeOutput } from './structured-output.js';
import type { ChatChunk } from './types/chunk.js';
import type { LLM, ResponseInfo, StreamOptions } from './types/llm.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { ToolCall } from './types/tool-call.js';
import { validateRequest } from './validate-request.js';
import { chunkBatches } from './vendor-stream.js';

/** Options shared by `streamChatCompletion`, `chatStream` and `complete`. */
export interface StreamChatOptions {
  /**
   * The most the whole call may take, in milliseconds, retries, backoff and fallbacks
   * included; then it ends with a `timeout` error that is not retried. Off by default.
   */
  timeoutMs?: number;
  /**
   * The longest wait for the next chunk of an attempt, in milliseconds (default 600,000:
   * ten minutes; `0` or `Infinity` turns it off). Ends the attempt with a retryable
   * `timeout` error (retried only while nothing was delivered). Checked in quarters of the
   * value, so it fires after 1 to 1.25 times it.
   */
  idleTimeoutMs?: number;
  /** Observers of the call (see docs/observability.md). */
  hooks?: Hooks | ReadonlyArray<Hooks>;
  /** Told about an exception thrown by a hook (which is then ignored for the rest of the call). */
  onHookError?: HookErrorHandler;
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
    start: () => forward(sink.start, undefined),
    token: (text: string) => forward(sink.token, text),
    reasoning: (text: string) => forward(sink.reasoning, text),
    toolCall: (toolCall: ToolCall) => forward(sink.toolCall, toolCall),
  };
  // The one try/catch every callback goes through.
  function forward<T>(callback: (value: T) => void, value: T): void {
    if (guarded.failed) return;
    try {
      callback.call(sink, value);
    } catch (error) {
      guarded.failed = true;
      guarded.failure = error;
    }
  }
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

/** Internal: what the tool loop (`runTools`) tells `runStream` about the call it belongs to. */
export interface RunContext {
  /** The 1-based step of `runTools`, passed to hooks. */
  step?: number;
  /** Shares one hook `callId` across the steps of a `runTools` call (see `nextCallId`). */
  callId?: number;
}

let lastCallId = 0;

/** A new hook `callId`, unique in this process. */
export function nextCallId(): number {
  lastCallId += 1;
  return lastCallId;
}

/** What the hooks of one call share; made only when hooks are set. */
interface CallTrace {
  hooks: HookRunner;
  callId: number;
  step: number | undefined;
  request: ChatCompletionRequest;
  startedAt: number;
  firstOutputAt: number | undefined;
}

function hookBase(trace: CallTrace, llm: LLM, attempt: number, candidate: number): HookCallInfo {
  const info: HookCallInfo = {
    callId: trace.callId,
    provider: llm.provider,
    model: llm.modelId,
    attempt,
    candidate,
    request: trace.request,
  };
  if (trace.step !== undefined) info.step = trace.step;
  return info;
}

// With hooks only: notes when the first text or reasoning delta reached the caller.
function timedSink(sink: RunSink, trace: CallTrace): RunSink {
  const mark = (): void => {
    if (trace.firstOutputAt === undefined) trace.firstOutputAt = performance.now();
  };
  return {
    start: () => sink.start(),
    token(text) {
      mark();
      sink.token(text);
    },
    reasoning(text) {
      mark();
      sink.reasoning(text);
    },
    toolCall: (toolCall) => sink.toolCall(toolCall),
  };
}

function sinceStart(trace: CallTrace, at: number | undefined): number | undefined {
  return at === undefined ? undefined : at - trace.startedAt;
}

function emitError(trace: CallTrace, base: HookCallInfo, error: LLMError): void {
  const info: ErrorHookInfo = { ...base, error, code: error.code, totalMs: performance.now() - trace.startedAt };
  if (error.status !== undefined) info.status = error.status;
  if (error.partial !== undefined) info.partial = error.partial;
  const firstToken = sinceStart(trace, trace.firstOutputAt);
  if (firstToken !== undefined) info.timeToFirstTokenMs = firstToken;
  trace.hooks.emit('onError', info);
}

function emitFinish(trace: CallTrace, base: HookCallInfo, message: OutputMessage): void {
  const info: FinishHookInfo = {
    ...base,
    message,
    finishReason: message.finishReason,
    totalMs: performance.now() - trace.startedAt,
  };
  if (message.rawFinishReason !== undefined) info.rawFinishReason = message.rawFinishReason;
  if (message.usage !== undefined) info.usage = message.usage;
  if (message.id !== undefined) info.responseId = message.id;
  if (message.model !== undefined) info.responseModel = message.model;
  const firstToken = sinceStart(trace, trace.firstOutputAt);
  if (firstToken !== undefined) info.timeToFirstTokenMs = firstToken;
  trace.hooks.emit('onFinish', info);
}

/** Resolves the model and every fallback before anything is sent: a bad spec fails at once. */
async function resolveCandidates(model: LLM | string, options: StreamChatOptions): Promise<LLM[]> {
  const specs: Array<LLM | string> = [model];
  if (options.fallbacks !== undefined) {
    if (!Array.isArray(options.fallbacks)) {
      throw new LLMError('fallbacks must be an array of "provider:model" specs or LLMs.', { code: 'invalid_request' });
    }
    for (const fallback of options.fallbacks) specs.push(fallback);
  }
  const models: LLM[] = [];
  for (let i = 0; i < specs.length; i++) {
    try {
      models.push(await resolveModel(specs[i]!, options.registry));
    } catch (caught) {
      const error = toLLMError(caught, 'core');
      if (i === 0) throw error;
      const spec = specs[i];
      const name = typeof spec === 'string' ? ` ("${spec}")` : '';
      throw new LLMError(`fallbacks[${i - 1}]${name} cannot be used, so nothing was sent: ${error.message}`, {
        code: 'invalid_request',
        provider: error.provider,
        cause: error,
      });
    }
  }
  return models;
}

function timeoutError(kind: TimeoutKind, options: StreamChatOptions, provider: string, cause: unknown): LLMError {
  if (kind === 'idle') {
    const ms = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    return new LLMError(
      `${provider}: no data arrived for ${ms} ms (idleTimeoutMs), so the stream was closed. Raise idleTimeoutMs (0 turns it off) if the model is slow to start.`,
      { code: 'timeout', provider, retryable: true, cause },
    );
  }
  return new LLMError(
    `${provider}: the call did not complete within timeoutMs (${options.timeoutMs} ms, retries and fallbacks included), so it was closed. Raise timeoutMs for long answers.`,
    { code: 'timeout', provider, retryable: false, cause },
  );
}

/** What ended one attempt, as the `LLMError` to report. */
function attemptError(
  caught: unknown,
  provider: string,
  signal: AbortSignal | undefined,
  watch: CallWatch,
  options: StreamChatOptions,
): LLMError {
  if (signal?.aborted === true) {
    if (isLLMError(caught) && (caught.code === 'aborted' || caught.code === 'timeout')) return caught;
    return abortedError(provider, signal.reason ?? caught);
  }
  const timedOut = watch.timedOut;
  if (timedOut !== undefined) return timeoutError(timedOut, options, provider, caught);
  return toLLMError(caught, provider);
}

/**
 * The one retry and fallback loop: validates `request`, resolves `model` and every
 * fallback, then streams from each candidate in turn, retrying retryable errors with
 * backoff only while nothing has been delivered, and resolves with the assembled message.
 * Hooks and timeouts live here. Rejects with an `LLMError` carrying `partial` and, when
 * several attempts ran, `attempts`; when every candidate fails, the error is the first
 * candidate's.
 */
export async function runStream(
  request: ChatCompletionRequest,
  model: LLM | string,
  options: StreamChatOptions,
  sink: RunSink,
  gate?: RunGate,
  context?: RunContext,
): Promise<OutputMessage> {
  const hooks = createHookRunner(options.hooks, options.onHookError);
  let trace: CallTrace | undefined;
  if (hooks !== undefined) {
    trace = {
      hooks,
      callId: context?.callId ?? nextCallId(),
      step: context?.step,
      request,
      startedAt: performance.now(),
      firstOutputAt: undefined,
    };
  }
  let validated: ChatCompletionRequest;
  let candidates: LLM[];
  try {
    validated = validateRequest(request);
    candidates = await resolveCandidates(model, options);
  } catch (caught) {
    const error = toLLMError(caught, 'core');
    if (trace !== undefined) {
      const modelId = typeof model === 'string' ? model : String(model?.modelId);
      const base: HookCallInfo = {
        callId: trace.callId,
        provider: error.provider,
        model: modelId,
        attempt: 0,
        candidate: 0,
        request,
      };
      if (trace.step !== undefined) base.step = trace.step;
      emitError(trace, base, error);
    }
    throw error;
  }
  if (trace !== undefined) trace.request = validated;

  const signal = options.signal;
  const watch = watchCall(signal, options.timeoutMs, options.idleTimeoutMs);
  try {
    const observed = trace === undefined ? sink : timedSink(sink, trace);
    return await runCandidates(validated, candidates, options, guard(observed), watch, gate, trace);
  } finally {
    watch.close();
  }
}

async function runCandidates(
  request: ChatCompletionRequest,
  candidates: LLM[],
  options: StreamChatOptions,
  guarded: GuardedSink,
  watch: CallWatch,
  gate: RunGate | undefined,
  trace: CallTrace | undefined,
): Promise<OutputMessage> {
  const signal = options.signal;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const attempts: LLMError[] = [];
  let firstFailure: LLMError | undefined;
  let started = false;
  let attemptNumber = 0;

  // Ends the call with `error`: every failed attempt in order, hooks told once.
  const fail = (error: LLMError, llm: LLM, candidate: number): LLMError => {
    if (attempts.length > 1 || (attempts.length === 1 && attempts[0] !== error)) {
      if (!attempts.includes(error)) attempts.push(error);
      error.attempts = attempts;
    }
    if (trace !== undefined) emitError(trace, hookBase(trace, llm, attemptNumber, candidate), error);
    return error;
  };

  for (let c = 0; c < candidates.length; c++) {
    const llm = candidates[c]!;
    const provider = llm.provider;
    let sent: ChatCompletionRequest;
    try {
      sent = requestForProvider(request, provider);
    } catch (caught) {
      throw fail(toLLMError(caught, provider), llm, c);
    }
    let lastError: LLMError | undefined;
    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw fail(abortedError(provider, signal.reason), llm, c);
      attemptNumber += 1;
      if (trace !== undefined) trace.hooks.emit('onRequest', hookBase(trace, llm, attemptNumber, c));
      const attemptStart = trace === undefined ? 0 : performance.now();
      const accumulator = createAccumulator(guarded, { provider, model: llm.modelId });
      const attemptSignal = watch.begin();
      let error: LLMError | undefined;
      let message: OutputMessage | undefined;
      let first = true;
      // With hooks only: the adapter reports the HTTP response (status, request id) here.
      let response: ResponseInfo | undefined;
      const streamOptions: StreamOptions = { signal: attemptSignal, onActivity: watch.activity };
      if (trace !== undefined) {
        streamOptions.onResponse = (info) => {
          response = info;
        };
      }
      // Per chunk, whichever way the stream is read: the activity count, the first-chunk
      // hook, `start`, the accumulator, then abort and handler-failure checks.
      const apply = (chunk: ChatChunk): void => {
        watch.activity();
        if (first) {
          first = false;
          if (trace !== undefined) emitResponse(trace, llm, attemptNumber, c, chunk, attemptStart, response);
        }
        if (!started) {
          started = true;
          guarded.start();
        }
        accumulator.push(chunk);
        // A model that ignores the signal must still stop at an abort.
        if (attemptSignal.aborted) throw abortedError(provider, attemptSignal.reason);
        if (guarded.failed) throw handlerError(guarded.failure, provider);
      };
      try {
        const stream = llm.createChatCompletionStream(sent, streamOptions);
        // A stream from `pipeVendorStream` is read a network read at a time: one async step
        // per read, not per chunk (the chunks, checks and gate are the same).
        const batches = chunkBatches(stream);
        if (batches !== undefined) {
          for await (const batch of batches) {
            for (let i = 0; i < batch.length; i++) {
              apply(batch[i]!);
              const held = gate === undefined ? undefined : passGate(gate, watch, provider);
              if (held !== undefined) await held;
            }
          }
        } else {
          for await (const chunk of stream) {
            apply(chunk);
            const held = gate === undefined ? undefined : passGate(gate, watch, provider);
            if (held !== undefined) await held;
          }
        }
        message = accumulator.end(provider);
      } catch (caught) {
        error = attemptError(caught, provider, signal, watch, options);
        error.partial = accumulator.partial();
      } finally {
        watch.end();
      }
      if (message !== undefined) {
        // JSON output is parsed (and validated) once, here: a failure is `invalid_output`,
        // never retried (the model answered; asking again is the caller's choice).
        let final: OutputMessage;
        try {
          final = await finalizeOutput(message, request);
        } catch (caught) {
          const invalid = toLLMError(caught, provider);
          if (invalid.partial === undefined) invalid.partial = accumulator.partial();
          throw fail(invalid, llm, c);
        }
        if (trace !== undefined) emitFinish(trace, hookBase(trace, llm, attemptNumber, c), final);
        return final;
      }
      if (error === undefined)
        throw fail(new LLMError('The model stream ended without a message.', { code: 'unknown', provider }), llm, c);
      attempts.push(error);
      if (signal?.aborted || accumulator.delivered || guarded.failed || watch.timedOut === 'call') {
        throw fail(error, llm, c);
      }
      lastError = error;
      const wait = retry < maxRetries ? retryDelay(error, retry, options.retryDelay) : undefined;
      if (wait === undefined) break;
      if (wait >= watch.remainingMs()) {
        throw fail(timeoutError('call', options, provider, error), llm, c);
      }
      if (trace !== undefined) {
        const info: RetryHookInfo = {
          ...hookBase(trace, llm, attemptNumber, c),
          error,
          code: error.code,
          delayMs: wait,
        };
        if (error.status !== undefined) info.status = error.status;
        trace.hooks.emit('onRetry', info);
      }
      try {
        await sleep(wait, signal, provider);
      } catch (caught) {
        throw fail(toLLMError(caught, provider), llm, c);
      }
    }
    if (firstFailure === undefined) firstFailure = lastError;
    const next = candidates[c + 1];
    if (next === undefined) break;
    if (trace !== undefined && lastError !== undefined) {
      const info: FallbackHookInfo = {
        ...hookBase(trace, llm, attemptNumber, c),
        error: lastError,
        code: lastError.code,
        next: { provider: next.provider, model: next.modelId },
      };
      trace.hooks.emit('onFallback', info);
    }
  }
  // The first candidate's failure is the one reported (hooks name its model too).
  throw fail(firstFailure ?? new LLMError('No model to try.', { code: 'invalid_request' }), candidates[0]!, 0);
}

/**
 * Holds the run while a slow consumer catches up; a closed gate ends it as `aborted`. An open
 * gate answers synchronously: no promise, so no extra async step per chunk.
 */
function passGate(gate: RunGate, watch: CallWatch, provider: string): Promise<void> | undefined {
  watch.paused = true;
  const open = gate();
  if (open === false) throw abortedError(provider);
  if (open === true) {
    reopen(watch);
    return undefined;
  }
  return open.then((value) => {
    if (!value) throw abortedError(provider);
    reopen(watch);
  });
}

function reopen(watch: CallWatch): void {
  watch.paused = false;
  watch.activity();
}

function emitResponse(
  trace: CallTrace,
  llm: LLM,
  attempt: number,
  candidate: number,
  chunk: ChatChunk,
  attemptStart: number,
  response: ResponseInfo | undefined,
): void {
  const info: ResponseHookInfo = {
    ...hookBase(trace, llm, attempt, candidate),
    timeToFirstChunkMs: performance.now() - attemptStart,
  };
  if (response !== undefined) {
    info.status = response.status;
    if (response.requestId !== undefined && response.requestId !== '') info.requestId = response.requestId;
  }
  if (chunk.id !== undefined && chunk.id !== '') info.responseId = chunk.id;
  if (chunk.model !== undefined && chunk.model !== '') info.responseModel = chunk.model;
  trace.hooks.emit('onResponse', info);
}
