import type { ChatChunk } from './types/chunk.js';
import type { LLM, StreamOptions } from './types/llm.js';
import type { ChatCompletionRequest } from './types/request.js';

/** Which model a middleware is wrapping. */
export interface MiddlewareContext {
  /** The registered provider name of the wrapped model (`"openai"`, `"groq"` …). */
  provider: string;
  /** The wrapped model's id. */
  modelId: string;
}

/** What `wrapStream` knows about the call whose stream it wraps. */
export interface StreamMiddlewareContext extends MiddlewareContext {
  /** The request as this middleware passes it on (after its own `transformRequest`). */
  request: ChatCompletionRequest;
  /** The abort signal the stream was opened with (core's per-attempt signal, which follows the caller's). */
  signal?: AbortSignal;
}

/**
 * Cross-cutting behaviour around a model: change the request before it is sent, or wrap
 * the chunk stream. Both members are optional. With several middlewares, the first in the
 * array is the outermost: its `transformRequest` runs first and its `wrapStream` sees the
 * stream last.
 */
export interface Middleware {
  /** Returns the request to send instead (a new object; never mutate the one given). */
  transformRequest?(
    request: ChatCompletionRequest,
    context: MiddlewareContext,
  ): ChatCompletionRequest | Promise<ChatCompletionRequest>;
  /**
   * Returns the stream to hand on. Iterate `stream` at most once; when the consumer stops
   * early, return from your iteration too so the vendor's stream is closed (an
   * `async function*` with `for await` does both by itself).
   */
  wrapStream?(stream: AsyncIterable<ChatChunk>, context: StreamMiddlewareContext): AsyncIterable<ChatChunk>;
}

/**
 * Returns a model that applies `middleware` around `model`. It keeps `provider` and
 * `modelId`, so it works anywhere an `LLM` does (retries, fallbacks, `runTools`). The first
 * middleware of an array is the outermost.
 */
export function wrapModel(model: LLM, middleware: Middleware | readonly Middleware[]): LLM {
  const list: readonly Middleware[] = isMiddlewareList(middleware) ? middleware : [middleware];
  let wrapped = model;
  for (let i = list.length - 1; i >= 0; i--) wrapped = wrapOne(wrapped, list[i]!);
  return wrapped;
}

function isMiddlewareList(value: Middleware | readonly Middleware[]): value is readonly Middleware[] {
  return Array.isArray(value);
}

function wrapOne(inner: LLM, middleware: Middleware): LLM {
  const transform = middleware.transformRequest;
  const wrap = middleware.wrapStream;
  // Neither member: nothing to do, and no extra hop per chunk.
  if (transform === undefined && wrap === undefined) return inner;
  const context: MiddlewareContext = { provider: inner.provider, modelId: inner.modelId };

  function open(request: ChatCompletionRequest, options: StreamOptions | undefined): AsyncIterable<ChatChunk> {
    const stream = inner.createChatCompletionStream(request, options);
    if (wrap === undefined) return stream;
    const streamContext: StreamMiddlewareContext = { provider: inner.provider, modelId: inner.modelId, request };
    if (options?.signal !== undefined) streamContext.signal = options.signal;
    return wrap.call(middleware, stream, streamContext);
  }

  return {
    provider: inner.provider,
    modelId: inner.modelId,
    createChatCompletionStream(request, options) {
      if (transform === undefined) return open(request, options);
      // The transform runs when iteration starts, like the adapters' own lazy open, so that
      // its errors surface where the stream's would.
      return {
        [Symbol.asyncIterator]: () => {
          const next = transform.call(middleware, request, context);
          if (!isPromise(next)) return open(next, options)[Symbol.asyncIterator]();
          return deferredIterator(next.then((transformed) => open(transformed, options)));
        },
      };
    },
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * An iterator over a stream that is known only once `pending` settles. After the first
 * `next()`, each call goes straight to the inner iterator (no extra promise per chunk), and
 * `return()` reaches it, so leaving early still closes the vendor's stream.
 */
function deferredIterator(pending: Promise<AsyncIterable<ChatChunk>>): AsyncIterator<ChatChunk> {
  let inner: AsyncIterator<ChatChunk> | undefined;
  let opening: Promise<AsyncIterator<ChatChunk>> | undefined;
  let closed = false;
  const open = (): Promise<AsyncIterator<ChatChunk>> => {
    if (opening === undefined) {
      opening = pending.then((stream) => {
        inner = stream[Symbol.asyncIterator]();
        return inner;
      });
    }
    return opening;
  };
  return {
    next() {
      if (inner !== undefined) return inner.next();
      return open().then((iterator) => (closed ? DONE : iterator.next()));
    },
    return(value?: unknown) {
      closed = true;
      if (inner !== undefined) return inner.return === undefined ? Promise.resolve(DONE) : inner.return(value);
      if (opening === undefined) return Promise.resolve(DONE);
      return opening.then(
        (iterator) => (iterator.return === undefined ? DONE : iterator.return(value)),
        () => DONE,
      );
    },
  };
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
