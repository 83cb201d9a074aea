import type { LLMError } from './errors.js';
import type { ChatChunk } from './types/chunk.js';

/**
 * Whether Node's fetch (undici) reports that the connection broke while a response body was
 * read: `TypeError: terminated`, or a socket error (`ECONNRESET`, `EPIPE`, `UND_ERR_SOCKET` …)
 * on the error or its cause. Vendor SDKs let these through raw once a stream has started.
 */
export function isConnectionDrop(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError && error.message === 'terminated') return true;
  return hasSocketCode(error) || hasSocketCode((error as { cause?: unknown }).cause);
}

function hasSocketCode(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    (code.startsWith('ECONN') || code === 'EPIPE' || code === 'ETIMEDOUT' || code.startsWith('UND_ERR'))
  );
}

/** What `pipeVendorStream` needs from an adapter, for one request. */
export interface VendorStreamSource<E> {
  /** Builds the request and sends it through the SDK; resolves with the SDK's event stream. */
  open(): Promise<AsyncIterable<E>>;
  /** Maps one vendor event to zero, one or several chunks (pure, with per-stream state). */
  map(event: E): ChatChunk | ChatChunk[] | undefined;
  /** Any failure as an `LLMError`; `streaming` tells whether the response had started. */
  fail(error: unknown, streaming: boolean): LLMError;
  /** The signal given to the SDK; read after `open()`, which may set it. */
  signal?: AbortSignal | undefined;
  /** Releases what `open()` took (timers, listeners); `completed` is false on failure or early exit. */
  close?(completed: boolean): void;
}

/**
 * Internal: a stream made by `pipeVendorStream` also hands out its chunks one network read
 * at a time under this key, so that core's run loop takes one async step per read instead
 * of one per chunk. A registered symbol: a second copy of core still finds it.
 */
export const CHUNK_BATCHES: unique symbol = Symbol.for('switchyard.chunkBatches') as typeof CHUNK_BATCHES;

/** A chunk stream that can also be read a batch (one network read) at a time. */
export interface BatchedChunkStream extends AsyncGenerator<ChatChunk, void, undefined> {
  /** Starts the stream in batches (instead of chunk by chunk; use one or the other). */
  [CHUNK_BATCHES](): AsyncGenerator<ChatChunk[], void, undefined>;
}

/** The batched reader of `stream`, when it offers one (a stream from `pipeVendorStream`). */
export function chunkBatches(
  stream: AsyncIterable<ChatChunk>,
): AsyncGenerator<ChatChunk[], void, undefined> | undefined {
  const batches = (stream as Partial<BatchedChunkStream>)[CHUNK_BATCHES];
  return typeof batches === 'function' ? batches.call(stream) : undefined;
}

/**
 * The one loop every adapter runs over its SDK's event stream. Nothing is sent until the
 * first `next()`. Each event is mapped to chunks; failures become `LLMError`s.
 *
 * - A connection that drops mid-stream (`fail` says `stream_truncated`) just ends the
 *   stream: core completes the message if the finish already arrived (OpenAI's usage chunk
 *   comes after it) and reports `stream_truncated` with the partial output otherwise.
 * - SDKs end an aborted stream quietly; that is not a clean end: `fail(signal.reason)`.
 * - Leaving the iteration early returns the SDK's iterator, which closes the HTTP stream.
 *
 * The stream is read either chunk by chunk (the `AsyncGenerator`) or, by core's run loop,
 * a network read at a time (`CHUNK_BATCHES`); both run the same loop.
 */
export function pipeVendorStream<E>(source: VendorStreamSource<E>): AsyncGenerator<ChatChunk, void, undefined> {
  const stream = flatten(source) as BatchedChunkStream;
  stream[CHUNK_BATCHES] = () => pipeBatches(source);
  return stream;
}

async function* flatten<E>(source: VendorStreamSource<E>): AsyncGenerator<ChatChunk, void, undefined> {
  for await (const batch of pipeBatches(source)) {
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
  }
}

async function* pipeBatches<E>(source: VendorStreamSource<E>): AsyncGenerator<ChatChunk[], void, undefined> {
  let completed = false;
  try {
    let events: AsyncIterable<E>;
    try {
      events = await source.open();
    } catch (error) {
      throw source.fail(error, false);
    }
    const map = source.map;
    const signal = source.signal;
    try {
      for await (const event of events) {
        const out = map(event);
        if (out === undefined) continue;
        if (Array.isArray(out)) {
          if (out.length > 0) yield out;
        } else {
          yield [out];
        }
      }
    } catch (error) {
      const mapped = source.fail(error, true);
      if (mapped.code === 'stream_truncated' && signal?.aborted !== true) return;
      throw mapped;
    }
    if (signal?.aborted === true) throw source.fail(signal.reason, true);
    completed = true;
  } finally {
    source.close?.(completed);
  }
}
