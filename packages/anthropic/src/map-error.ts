import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import {
  abortedError,
  classifyHttpError,
  describeConnectionFailure,
  isAbortError,
  isConnectionDrop,
  isLLMError,
  LLMError,
} from '@switchyard/core';

/** What the caller knows about the failed request, for better messages. */
export interface ErrorContext {
  /** The caller's signal: an abort it caused is `aborted`, whatever the SDK threw. */
  signal?: AbortSignal | undefined;
  /** The request carried `temperature` or `top_p`, which API version 2026-10-21 rejects. */
  sentSamplingParams?: boolean;
}

/**
 * Turns anything the Anthropic SDK (or the stream under it) throws into an `LLMError`:
 * HTTP errors by status and Anthropic error type (`Retry-After` honoured), in-band
 * `event: error` by its type, timeouts, connection failures and aborts.
 */
export function mapError(error: unknown, provider: string, context: ErrorContext = {}): LLMError {
  if (isLLMError(error)) return error;
  // The signal's reason says whether the caller's abort was a timeout (`AbortSignal.timeout()`).
  if (context.signal?.aborted === true) return abortedError(provider, context.signal.reason ?? error);
  if (error instanceof APIUserAbortError || isAbortError(error)) return abortedError(provider, error);
  if (error instanceof APIConnectionTimeoutError) {
    return new LLMError(
      `${provider}: the request timed out before Anthropic answered. Raise the \`timeout\` option or try again.`,
      { code: 'timeout', provider, cause: error },
    );
  }
  if (error instanceof APIConnectionError) {
    return new LLMError(`${provider}: ${describeConnectionFailure(error)}`, {
      code: 'network',
      provider,
      cause: error,
    });
  }
  if (error instanceof APIError) return mapApiError(error, provider, context);
  // Before a response the SDK wraps fetch failures in APIConnectionError, so a raw undici
  // "terminated" or socket error means the connection broke while the body was streaming.
  if (isConnectionDrop(error)) {
    return new LLMError(
      `${provider}: the connection closed before the stream finished (${describeCause(error as Error)}). The partial output is in \`error.partial\`; try again.`,
      { code: 'stream_truncated', provider, cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LLMError(`${provider}: ${message}`, { code: 'unknown', provider, cause: error });
}

// 429s (error.details.error_code) that last until the month ends or a limit is raised, with no Retry-After.
const SPEND_LIMIT_CODES: ReadonlySet<string | null> = new Set([
  'enforced_spend_limit_reached',
  'contract_spend_limit_reached',
]);

// How Anthropic's 400s name the sampling parameters it rejects.
const SAMPLING_TEXT = /temperature|top_p|top_k|sampling/i;

function mapApiError(error: APIError, provider: string, context: ErrorContext): LLMError {
  // `event: error` mid-stream arrives as an APIError without a status; its `type` says what failed.
  const vendorCode: string | undefined = error.type ?? undefined;
  const message = error.apiMessage ?? error.message;
  if (vendorCode === 'billing_error' || SPEND_LIMIT_CODES.has(error.errorCode)) {
    // Waiting does not fix a credit balance or a spend limit, so this is a rate limit that is not retried.
    return new LLMError(
      `${provider}: ${message} (check the plan, spend limits and credit balance of the Anthropic account)`,
      {
        code: 'rate_limit',
        provider,
        status: error.status,
        retryable: false,
        cause: error,
      },
    );
  }
  if (vendorCode === 'request_too_large' || error.status === 413) {
    // About bytes, not tokens: core's context-length wording check would misread "exceeds the maximum".
    return new LLMError(
      `${provider}: ${message} (the request body is over Anthropic's size limit: send fewer or smaller images and documents)`,
      {
        code: 'invalid_request',
        provider,
        status: error.status,
        cause: error,
      },
    );
  }
  const mapped = classifyHttpError({
    provider,
    status: error.status,
    message,
    vendorCode,
    headers: error.headers,
    cause: error,
  });
  // Only a rejected request (400) can be about its parameters (an in-band error came after the
  // API accepted it), and the hint only explains a rejection that names sampling parameters.
  if (
    mapped.code !== 'invalid_request' ||
    error.status !== 400 ||
    context.sentSamplingParams !== true ||
    !SAMPLING_TEXT.test(message)
  ) {
    return mapped;
  }
  return new LLMError(
    `${mapped.message} (temperature and topP are sent as temperature and top_p; Anthropic API version 2026-10-21, which @anthropic-ai/sdk 1.x sends, rejects them: remove them, or pin an older version with headers: { 'anthropic-version': '2023-06-01' } for a model that still accepts them)`,
    {
      code: mapped.code,
      provider,
      status: mapped.status,
      retryable: mapped.retryable,
      retryAfterMs: mapped.retryAfterMs,
      cause: error,
    },
  );
}

function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message}: ${inner.message}` : cause.message;
  }
  return error.message;
}
