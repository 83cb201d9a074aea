import { abortedError, type LLMError } from './errors.js';

/** How long core waits between attempts. */
export interface RetryDelayOptions {
  /** The first backoff, doubled on each retry (default 500 ms). */
  initialMs?: number;
  /** The longest computed backoff (default 30 s). */
  maxMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is reported (default 60 s). */
  maxRetryAfterMs?: number;
}

const DEFAULT_INITIAL_MS = 500;
const DEFAULT_MAX_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait before retry number `attempt` (0-based) after `error`, or `undefined` when the
 * error must not be retried. Exponential backoff with jitter, never shorter than the
 * vendor's `Retry-After`.
 */
export function retryDelay(
  error: LLMError,
  attempt: number,
  options: RetryDelayOptions = {},
  random: () => number = Math.random,
): number | undefined {
  if (!error.retryable) return undefined;
  const maxRetryAfter = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfter) return undefined;
  const initial = options.initialMs ?? DEFAULT_INITIAL_MS;
  const max = options.maxMs ?? DEFAULT_MAX_MS;
  const base = Math.min(max, initial * 2 ** attempt);
  // "Equal jitter": half fixed, half random, so concurrent clients spread out.
  const backoff = base / 2 + random() * (base / 2);
  return Math.max(backoff, error.retryAfterMs ?? 0);
}

/** Waits `ms`, ending at once with an `aborted` error when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, provider: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(provider, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(provider, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
