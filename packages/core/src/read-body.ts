import { LLMError } from './errors.js';
import { createSseDecoder, type SseDecoderOptions, type SseEvent } from './sse-decoder.js';
import type { ResponseInfo } from './types/llm.js';

/** The default of `maxErrorBodyBytes`: enough for any vendor's error JSON, never a flood. */
export const DEFAULT_MAX_ERROR_BODY_BYTES: number = 64 * 1024;

/** What `readSseEvents` takes beside the decoder's options. */
export interface ReadSseOptions extends SseDecoderOptions {
  /** Called for every network read, events or not (core's `StreamOptions.onActivity`). */
  onActivity?: (() => void) | undefined;
}

/**
 * Reads a response body as server-sent events: one array of complete events per network
 * read (never empty), the last line and event flushed at the end. Bounded by the decoder's
 * `maxEventBytes`. Leaving the iteration early, or a failure, cancels the body, which closes
 * the HTTP stream. Each read is reported to `onActivity`, so that a long event still arriving
 * is not taken for silence by core's idle timeout.
 */
export async function* readSseEvents(
  response: Response,
  options: ReadSseOptions = {},
): AsyncGenerator<SseEvent[], void, undefined> {
  const body = response.body;
  if (body === null) {
    throw new LLMError(`${options.provider ?? 'core'}: the server sent an empty response body. Retry the request.`, {
      code: 'stream_truncated',
      provider: options.provider ?? 'core',
    });
  }
  const decoder = createSseDecoder(options);
  const onActivity = options.onActivity;
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      onActivity?.();
      const out: SseEvent[] = [];
      decoder.push(read.value, out);
      if (out.length > 0) yield out;
    }
    finished = true;
    const out: SseEvent[] = [];
    decoder.end(out);
    if (out.length > 0) yield out;
  } finally {
    if (finished) reader.releaseLock();
    // A rejection here is the reason the read already failed with; nothing is lost.
    else reader.cancel().catch(ignore);
  }
}

/**
 * At most `maxBytes` of a body (after content decoding, so a compressed bomb stops at the
 * cap too); the rest is cancelled unread.
 */
export async function readBodyPrefix(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number = DEFAULT_MAX_ERROR_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer>> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < maxBytes) {
      const read = await reader.read();
      if (read.done) break;
      const value = read.value;
      const take = Math.min(value.length, maxBytes - length);
      parts.push(take === value.length ? value : value.subarray(0, take));
      length += take;
    }
  } finally {
    reader.cancel().catch(ignore);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function ignore(): void {}

/**
 * Tells `StreamOptions.onResponse` (set by core only when hooks are) the response's status
 * and its request id header (`x-request-id`, `request-id` …): once per request, before the
 * body is read. Adapters call it right after their SDK returned the raw `Response`.
 */
export function reportResponse(
  onResponse: ((info: ResponseInfo) => void) | undefined,
  response: Response,
  requestIdHeader?: string,
): void {
  if (onResponse === undefined) return;
  const info: ResponseInfo = { status: response.status };
  const requestId = requestIdHeader === undefined ? null : response.headers.get(requestIdHeader);
  if (requestId !== null && requestId !== '') info.requestId = requestId;
  onResponse(info);
}
