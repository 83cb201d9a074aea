import { redactSecrets, redactText } from './redact.js';
import { LLM_ERROR_BRAND, sanitizeCause } from './sanitize-error.js';
import type { OutputMessage } from './types/message.js';

export { redactSecrets } from './redact.js';
export { registerHeaderSecrets, registerSecret } from './secrets.js';

/** The closed set of error codes every adapter maps to. */
export type LLMErrorCode =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'invalid_request'
  | 'context_length'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'content_filter'
  | 'stream_truncated'
  /** The model's JSON output did not parse or did not validate against the schema. */
  | 'invalid_output'
  | 'unknown';

const RETRYABLE_CODES: ReadonlySet<LLMErrorCode> = new Set<LLMErrorCode>([
  'rate_limit',
  'overloaded',
  'server',
  'timeout',
  'network',
  // Cut before any output was delivered (retries happen only then): worth another try.
  'stream_truncated',
]);

/** Whether errors of this code are worth retrying by default. */
export function isRetryableCode(code: LLMErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

export interface LLMErrorOptions {
  code: LLMErrorCode;
  /** The provider name (`"openai"`, `"groq"` …); `"core"` for errors raised by core itself. */
  provider?: string;
  status?: number;
  /** Defaults from `code` (rate limits, overload, server, timeout and network errors retry). */
  retryable?: boolean;
  retryAfterMs?: number;
  partial?: OutputMessage;
  /** Every failed attempt's error, in order (set by the retry and fallback loop). */
  attempts?: LLMError[];
  /** Kept as a sanitized copy: messages, stacks and bodies masked, request details dropped. */
  cause?: unknown;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Longest `message` an LLMError keeps: vendor error bodies can be megabytes. */
const MAX_MESSAGE = 4096;

/**
 * Every failure switchyard reports. Messages, `toString`, `util.inspect` and JSON never
 * contain an API key, and neither does anything attached: `cause` is a sanitized copy (see
 * `sanitizeCause`). Recognised by a brand, so `instanceof LLMError` and `isLLMError` hold
 * for an LLMError made by another copy of core (ESM and CommonJS both loaded).
 */
export class LLMError extends Error {
  readonly code: LLMErrorCode;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** What was received before the failure; set when the error ends a stream. */
  partial: OutputMessage | undefined;
  /** Every failed attempt's error, in order, when retries or fallbacks ran (this error may be one of them). */
  attempts: LLMError[] | undefined;

  constructor(message: string, options: LLMErrorOptions) {
    super(clipMessage(message, MAX_MESSAGE));
    this.name = 'LLMError';
    this.code = options.code;
    this.provider = options.provider ?? 'core';
    this.status = options.status;
    this.retryable = options.retryable ?? isRetryableCode(options.code);
    this.retryAfterMs = options.retryAfterMs;
    this.partial = options.partial;
    this.attempts = options.attempts;
    // Non-enumerable, and a masked copy: a vendor error can hold request details and echoed keys.
    Object.defineProperty(this, 'cause', {
      value: sanitizeCause(options.cause),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  /** Brand check instead of class identity: another copy of core has another class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass on the left of instanceof, which keeps prototype semantics
    if (this !== LLMError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return hasBrand(value);
  }

  override toString(): string {
    return `${this.name} [${this.code}${this.status === undefined ? '' : ` ${this.status}`}] (${this.provider}): ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      ...summary(this),
      cause: describeCause(this.cause),
      partial: this.partial === undefined ? undefined : redactData(this.partial, 0),
      // Summaries only: an attempt may be this very error, and attempts do not nest.
      attempts: this.attempts?.map((attempt) => ({ ...summary(attempt), cause: describeCause(attempt.cause) })),
    };
  }
}

Object.defineProperty(LLMError.prototype, LLM_ERROR_BRAND, { value: true, enumerable: false });

// util.inspect shows the same redacted view as toString, never the raw cause or its headers.
Object.defineProperty(LLMError.prototype, INSPECT, {
  value(this: LLMError): string {
    const cause = describeCause(this.cause);
    const lines = [this.toString()];
    if (this.retryable)
      lines.push(`  retryable${this.retryAfterMs === undefined ? '' : ` after ${this.retryAfterMs} ms`}`);
    if (cause !== undefined) lines.push(`  cause: ${cause}`);
    this.attempts?.forEach((attempt, index) => {
      lines.push(`  attempt ${index + 1}: ${attempt === this ? 'this error' : String(attempt)}`);
    });
    if (this.stack) lines.push(redactSecrets(this.stack.split('\n').slice(1).join('\n')));
    return lines.join('\n');
  },
  enumerable: false,
});

function summary(error: LLMError): Record<string, unknown> {
  return {
    name: error.name,
    code: error.code,
    provider: error.provider,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    message: error.message,
  };
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) return clipMessage(`${cause.name}: ${cause.message}`, MAX_MESSAGE);
  return clipMessage(String(cause), MAX_MESSAGE);
}

// Masks every string of JSON-like data (the partial message) for serialization.
function redactData(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactData(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = redactData((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

/** Masks secrets in `text` and keeps at most `limit` characters, saying how many were cut. */
export function clipMessage(text: string, limit: number): string {
  const { text: masked, omitted } = redactText(text, limit);
  return omitted > 0 ? `${masked}… (${omitted} more characters)` : masked;
}

function hasBrand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LLM_ERROR_BRAND] === true;
}

/**
 * Whether a value is an `LLMError`, also one made by another copy of core (ESM and CommonJS,
 * or two versions): checked by brand, or by name and code for copies older than the brand.
 */
export function isLLMError(value: unknown): value is LLMError {
  return hasBrand(value) || (value instanceof Error && value.name === 'LLMError' && 'code' in value);
}

// --- classification -------------------------------------------------------------------

export interface HttpErrorInfo {
  provider: string;
  status?: number;
  message?: string;
  /** Vendor error type or code: `overloaded_error`, `insufficient_quota`, `RESOURCE_EXHAUSTED` … */
  vendorCode?: string;
  /** Response headers, for `retry-after` / `retry-after-ms`. */
  headers?: HeaderSource;
  /** A delay the vendor gave in its body (Gemini `RetryInfo`), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Anything headers can be read from: a `Headers`, or a plain record. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

const VENDOR_CODES: Record<string, LLMErrorCode> = {
  // Anthropic error types
  authentication_error: 'auth',
  permission_error: 'permission',
  not_found_error: 'not_found',
  invalid_request_error: 'invalid_request',
  request_too_large: 'invalid_request',
  rate_limit_error: 'rate_limit',
  billing_error: 'rate_limit',
  api_error: 'server',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  // OpenAI error codes and types
  invalid_api_key: 'auth',
  context_length_exceeded: 'context_length',
  string_above_max_length: 'context_length',
  rate_limit_exceeded: 'rate_limit',
  tokens: 'rate_limit',
  requests: 'rate_limit',
  server_error: 'server',
  model_not_found: 'not_found',
  // Google RPC status names
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'auth',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  INTERNAL: 'server',
  DEADLINE_EXCEEDED: 'timeout',
  CANCELLED: 'aborted',
};

// Quota exhaustion is a 429 that waiting does not fix.
const NOT_RETRYABLE_VENDOR_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_error',
]);

// Phrases vendors use for an over-long prompt. Byte-size limits ("exceeds the maximum
// allowed number of bytes") are not context-length errors.
const CONTEXT_LENGTH_TEXT =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input token count|maximum number of tokens/i;

/** The code for an HTTP status alone. */
export function codeFromStatus(status: number): LLMErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'invalid_request';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500 || status === 409) return 'server';
  return 'unknown';
}

/**
 * Classifies a vendor HTTP or in-band error into an `LLMError`: the vendor's own error
 * type wins over the status, context-length messages become `context_length`, quota
 * exhaustion is not retryable, and `Retry-After` is honoured.
 */
export function classifyHttpError(info: HttpErrorInfo): LLMError {
  let code: LLMErrorCode | undefined =
    info.vendorCode !== undefined && Object.hasOwn(VENDOR_CODES, info.vendorCode)
      ? VENDOR_CODES[info.vendorCode]
      : undefined;
  if (code === undefined) code = info.status === undefined ? 'unknown' : codeFromStatus(info.status);
  // Clipped before the hint is added, so a huge vendor body cannot push the hint out.
  const message = clipMessage(info.message ?? `HTTP ${info.status ?? 'error'}`, MAX_MESSAGE - 200);
  if ((code === 'invalid_request' || code === 'unknown') && CONTEXT_LENGTH_TEXT.test(message)) code = 'context_length';
  const quota = info.vendorCode !== undefined && NOT_RETRYABLE_VENDOR_CODES.has(info.vendorCode);
  if (quota) code = 'rate_limit';
  const retryAfterMs = info.retryAfterMs ?? retryAfterFromHeaders(info.headers);
  return new LLMError(`${info.provider}: ${message}${hint(code, info.provider)}`, {
    code,
    provider: info.provider,
    status: info.status,
    retryable: quota ? false : isRetryableCode(code),
    retryAfterMs,
    cause: info.cause,
  });
}

function hint(code: LLMErrorCode, provider: string): string {
  switch (code) {
    case 'auth':
      return ` (check the API key configured for "${provider}")`;
    case 'not_found':
      return ' (check the model id and the base URL)';
    case 'context_length':
      return ' (shorten the conversation or lower maxTokens)';
    default:
      return '';
  }
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    // Header names are case-insensitive; plain records keep whatever case they were given.
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function retryAfterFromHeaders(headers: HeaderSource | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = readHeader(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return parseRetryAfter(readHeader(headers, 'retry-after'), now);
}

const HTTP_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} +\d{2}:\d{2}:\d{2} *(?:GMT|UTC)?$/;

/** Parses a `Retry-After` value: delta-seconds or an HTTP date. Invalid values give `undefined`. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"): Date.parse alone accepts "-1".
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Whether `error` is an abort: an `AbortError`, an SDK's `APIUserAbortError`, or the
 * `TimeoutError` of a signal made by `AbortSignal.timeout()`.
 */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'APIUserAbortError' || error.name === 'TimeoutError')
  );
}

/**
 * The `LLMError` for an aborted request; pass the signal's `reason`. A signal that fired
 * because of `AbortSignal.timeout()` (a `TimeoutError`) gives `timeout`, not `aborted`; it
 * is not retryable either, since the caller's deadline has passed.
 */
export function abortedError(provider: string, cause?: unknown): LLMError {
  if (isTimeoutReason(cause)) {
    return new LLMError(
      `${provider}: the request timed out: the caller's signal fired (AbortSignal.timeout). Allow more time, or retry with a new signal.`,
      { code: 'timeout', provider, retryable: false, cause },
    );
  }
  return new LLMError('The request was aborted.', { code: 'aborted', provider, retryable: false, cause });
}

// The reason `AbortSignal.timeout()` gives, or an LLMError already made from one.
function isTimeoutReason(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false;
  if (cause.name === 'TimeoutError') return true;
  return isLLMError(cause) && cause.code === 'timeout' && (cause.cause as Error | undefined)?.name === 'TimeoutError';
}
