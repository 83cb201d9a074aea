import {
  abortedError,
  classifyHttpError,
  describeConnectionFailure,
  isAbortError,
  isLLMError,
  LLMError,
} from '@switchyard/core';
import type { GeminiErrorObject } from './gemini-api-types.js';

/** What error mapping needs to know about the request that failed. */
export interface ErrorContext {
  /** The plugin's name, reported as the error's `provider`. */
  provider: string;
  /** The caller's signal: when it fired, any failure is an abort. */
  signal?: AbortSignal | undefined;
  /** The request timeout in milliseconds, when one was set (quoted in timeout errors). */
  timeoutMs?: number | undefined;
  /** The adapter's timeout fired: the failure is a timeout, whatever the SDK made of the abort. */
  timedOut?: boolean;
  /**
   * The response had started (its events were being read): a broken connection then means the
   * stream was cut short (`stream_truncated`), not that Gemini could not be reached.
   */
  streaming?: boolean;
}

// Google RPC detail types that carry what a client acts on.
const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

// ErrorInfo reasons that mean the key itself is wrong (Gemini answers 400 INVALID_ARGUMENT for them).
const KEY_REASONS: ReadonlySet<string> = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED']);

/**
 * Maps Google's `error` object (from an error body or a stream event) to an `LLMError`: the
 * RPC status (`RESOURCE_EXHAUSTED`, `UNAVAILABLE` …) decides the code, a context-length message
 * makes it `context_length`, a bad key is `auth` even though Google says 400, and
 * `RetryInfo.retryDelay` ("30s") becomes `retryAfterMs`.
 */
export function mapGeminiErrorObject(
  error: GeminiErrorObject,
  provider: string,
  status?: number,
  cause?: unknown,
): LLMError {
  const code = typeof error.code === 'number' ? error.code : undefined;
  let vendorCode = typeof error.status === 'string' ? error.status : undefined;
  let retryAfterMs: number | undefined;
  if (Array.isArray(error.details)) {
    for (const detail of error.details) {
      if (typeof detail !== 'object' || detail === null) continue;
      const record = detail as Record<string, unknown>;
      if (record['@type'] === RETRY_INFO && typeof record.retryDelay === 'string') {
        retryAfterMs = parseDuration(record.retryDelay);
      } else if (
        record['@type'] === ERROR_INFO &&
        typeof record.reason === 'string' &&
        KEY_REASONS.has(record.reason)
      ) {
        vendorCode = 'UNAUTHENTICATED';
      }
    }
  }
  return classifyHttpError({
    provider,
    status: status ?? code,
    message: typeof error.message === 'string' && error.message !== '' ? error.message : undefined,
    vendorCode,
    retryAfterMs,
    cause,
  });
}

/**
 * Google's duration in JSON: seconds with an `s` suffix ("30s", "1.5s"). Returns
 * milliseconds, or `undefined` when the text is not such a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (!text.endsWith('s')) return undefined;
  const seconds = Number(text.slice(0, -1));
  return text.length > 1 && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * Finds Google's `error` object in text that holds an error body somewhere: the SDK's
 * `ApiError` message (`{"error":{…}}`, or `got status: INTERNAL. {"error":{…}}` for an error
 * inside a stream), or a body as Google sends it (sometimes wrapped in an array).
 */
export function parseErrorBody(text: string): GeminiErrorObject | undefined {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const object = error as GeminiErrorObject;
  // A non-JSON error response is wrapped by the SDK with the raw text as the message; the
  // text may itself be Google's JSON body.
  if (typeof object.message === 'string' && object.message.startsWith('{')) {
    const inner = parseErrorBody(object.message);
    if (inner !== undefined) return inner;
  }
  return object;
}

/**
 * The error for a stream that ended with bytes that are not an SSE event. Gemini sends an
 * error that happens after output has started as a bare JSON object after the events; an SDK
 * that does not see it arrive on its own reports only that the stream ended with an
 * unparsable tail, without the body. It is a server-side failure either way.
 */
export function unparsableTailError(provider: string, cause: unknown): LLMError {
  return new LLMError(
    `${provider}: Gemini ended the stream with data that is not a stream event (it reports mid-stream server errors that way). Retry the request; the output received so far is in \`error.partial\`.`,
    { code: 'server', provider, cause },
  );
}

/** The error for a stream event that is not valid JSON. */
export function malformedEventError(provider: string, cause: unknown): LLMError {
  return new LLMError(`${provider}: Gemini sent a stream event that is not valid JSON. Retry the request.`, {
    code: 'server',
    provider,
    cause,
  });
}

/**
 * The error for a connection that broke while the stream was read: the stream was cut short.
 * It is retryable (core retries only while nothing was delivered); the output so far is kept.
 */
export function connectionLostError(provider: string, cause: unknown): LLMError {
  return new LLMError(
    `${provider}: the connection to Gemini closed before the stream finished. The output received so far is in \`error.partial\`; retry the request.`,
    { code: 'stream_truncated', provider, retryable: true, cause },
  );
}

/** The error for a connection that could not be made (or broke), depending on whether the stream had started. */
export function connectionError(context: ErrorContext, cause: unknown): LLMError {
  return context.streaming === true
    ? connectionLostError(context.provider, cause)
    : networkError(context.provider, cause);
}

/** The error for a connection to Gemini that could not be made. */
export function networkError(provider: string, cause: unknown): LLMError {
  return new LLMError(`${provider}: ${describeConnectionFailure(cause)}`, { code: 'network', provider, cause });
}

/** The error for a request that took longer than the configured timeout. */
export function timeoutError(provider: string, timeoutMs: number | undefined, cause: unknown): LLMError {
  const after = timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`;
  return new LLMError(`${provider}: the request to Gemini timed out${after}. Raise the \`timeout\` option or retry.`, {
    code: 'timeout',
    provider,
    cause,
  });
}

/**
 * An abort (an `AbortError` from fetch or the stream) is the caller's when their signal fired;
 * any other abort is a timeout (the adapter's own, or one set on a client passed in).
 */
export function mapAbort(error: unknown, context: ErrorContext): LLMError {
  // The signal's reason says whether the caller's abort was a timeout (`AbortSignal.timeout()`).
  if (context.signal?.aborted === true) return abortedError(context.provider, context.signal.reason ?? error);
  return timeoutError(context.provider, context.timeoutMs, error);
}

/**
 * Maps anything `@google/genai` throws to an `LLMError`: `ApiError`s (HTTP error statuses and
 * error events inside the stream) by their body, aborts and timeouts, connection failures, and
 * the SDK's own stream-parsing errors.
 */
export function mapError(error: unknown, context: ErrorContext): LLMError {
  const { provider } = context;
  if (isLLMError(error)) return error;
  if (context.signal?.aborted === true || context.timedOut === true || isAbortError(error) || isTimeoutError(error)) {
    return mapAbort(error, context);
  }
  if (!(error instanceof Error))
    return new LLMError(`${provider}: ${String(error)}`, { code: 'unknown', provider, cause: error });
  const status = (error as { status?: unknown }).status;
  if (error.name === 'ApiError' && typeof status === 'number') {
    const body = parseErrorBody(error.message) ?? { message: error.message };
    return mapGeminiErrorObject(body, provider, status, error);
  }
  // @google/genai's stream reader, when the body ends with bytes that are no SSE event.
  if (error.message === 'Incomplete JSON segment at the end') return unparsableTailError(provider, error);
  if (error instanceof SyntaxError) return malformedEventError(provider, error);
  if (isNetworkError(error)) return connectionError(context, error);
  return new LLMError(`${provider}: ${error.message}`, { code: 'unknown', provider, cause: error });
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

// Node's fetch (undici) fails with a TypeError: "fetch failed" before a response, "terminated"
// when the connection breaks during the body; the socket error is its `cause`.
function isNetworkError(error: Error): boolean {
  if (error.message === 'fetch failed' || error.message === 'terminated') return true;
  const cause = (error as { cause?: unknown }).cause;
  return typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string';
}
