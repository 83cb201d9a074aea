import {
  abortedError,
  classifyHttpError,
  describeConnectionFailure,
  isAbortError,
  isConnectionDrop,
  isLLMError,
  LLMError,
} from '@switchyard/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

type SdkErrorKind = 'abort' | 'timeout' | 'connection' | 'api';

// `instanceof` first; the class name covers a `client` built from another copy of the SDK.
function sdkErrorKind(error: unknown): SdkErrorKind | undefined {
  if (error instanceof APIUserAbortError) return 'abort';
  if (error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIConnectionError) return 'connection';
  if (error instanceof APIError) return 'api';
  if (!(error instanceof Error)) return undefined;
  switch (error.constructor?.name) {
    case 'APIUserAbortError':
      return 'abort';
    case 'APIConnectionTimeoutError':
      return 'timeout';
    case 'APIConnectionError':
      return 'connection';
    case 'APIError':
    case 'BadRequestError':
    case 'AuthenticationError':
    case 'PermissionDeniedError':
    case 'NotFoundError':
    case 'ConflictError':
    case 'UnprocessableEntityError':
    case 'RateLimitError':
    case 'InternalServerError':
      return 'api';
    default:
      return undefined;
  }
}

/** The parts of an SDK `APIError` the mapping reads. */
interface ApiErrorLike extends Error {
  status?: number;
  headers?: Headers;
  error?: unknown;
  code?: unknown;
  type?: unknown;
}

/**
 * Maps anything the `openai` SDK throws, before or during a stream, to an `LLMError`:
 * HTTP errors by the vendor's error code, then the status (`context_length_exceeded` is
 * `context_length`, `insufficient_quota` a rate limit that is not retried, `Retry-After`
 * and `retry-after-ms` honoured); in-band `{"error": …}` data lines likewise; connection
 * failures are `network`, timeouts `timeout`, aborts `aborted`, and a connection that
 * breaks while the body streams `stream_truncated`.
 */
export function mapError(error: unknown, provider: string, signal?: AbortSignal): LLMError {
  if (isLLMError(error)) return error;
  // Whatever the SDK threw once the caller aborted (a cut body, an abort error), it is an abort;
  // the signal's reason says whether it was a timeout (`AbortSignal.timeout()`).
  if (signal?.aborted === true) return abortedError(provider, signal.reason ?? error);
  switch (sdkErrorKind(error)) {
    case 'abort':
      return abortedError(provider, error);
    case 'timeout':
      return new LLMError(
        `${provider}: the request timed out before the server answered. Raise the \`timeout\` option or try again later.`,
        { code: 'timeout', provider, cause: error },
      );
    case 'connection':
      return new LLMError(`${provider}: ${describeConnectionFailure(error)}`, {
        code: 'network',
        provider,
        cause: error,
      });
    case 'api':
      return mapApiError(error as ApiErrorLike, provider);
  }
  if (isAbortError(error)) return abortedError(provider, error);
  if (error instanceof SyntaxError) {
    return new LLMError(`${provider}: the server sent a stream event that is not valid JSON (${error.message}).`, {
      code: 'server',
      provider,
      cause: error,
    });
  }
  // Before the response the SDK wraps fetch failures in APIConnectionError, so a raw undici
  // "terminated" or socket error means the connection broke while the body was streaming.
  if (isConnectionDrop(error)) {
    return new LLMError(
      `${provider}: the connection closed before the stream finished (${describe(error)}). The partial output is in \`error.partial\`; try again.`,
      { code: 'stream_truncated', provider, cause: error },
    );
  }
  return new LLMError(`${provider}: ${describe(error)}`, { code: 'unknown', provider, cause: error });
}

function mapApiError(error: ApiErrorLike, provider: string): LLMError {
  const body = isRecord(error.error) ? error.error : undefined;
  let status = error.status;
  // vLLM puts the HTTP status in `code` of an in-band error.
  if (status === undefined && typeof body?.code === 'number' && body.code >= 400 && body.code <= 599) {
    status = body.code;
  }
  const bodyMessage = body?.message;
  const message = typeof bodyMessage === 'string' && bodyMessage !== '' ? bodyMessage : error.message;
  const code = vendorCode(error, status === undefined);
  // Azure OpenAI's content filter blocks a prompt (400) or the output (in-band) with this code.
  if (code === 'content_filter') {
    return new LLMError(`${provider}: ${message}`, {
      code: 'content_filter',
      provider,
      status,
      retryable: false,
      cause: error,
    });
  }
  return classifyHttpError({ provider, status, message, vendorCode: code, headers: error.headers, cause: error });
}

// OpenAI's `code` is specific (`context_length_exceeded`, `insufficient_quota`); its `type`
// is too, except the catch-all `invalid_request_error`, which must not beat a 401 or 404.
function vendorCode(error: ApiErrorLike, inBand: boolean): string | undefined {
  if (typeof error.code === 'string' && error.code !== '') return error.code;
  const type = typeof error.type === 'string' && error.type !== '' ? error.type : undefined;
  if (type !== undefined && type !== 'invalid_request_error') return type;
  // An in-band error with nothing to classify it by is still the server failing mid-stream.
  return inBand ? (type ?? 'server_error') : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error && cause.message !== '' ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
