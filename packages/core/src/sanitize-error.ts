import { redactText } from './redact.js';

// What an LLMError keeps of its cause: a copy with every string masked, nothing that can hold
// a credential (request options, clients, request headers), bounded in depth and size. Error
// trackers walk `cause` chains and upload them, so masking only what is printed is not enough.

/** Brand of an `LLMError` (shared with errors.ts, which sets it; an LLMError is already clean). */
export const LLM_ERROR_BRAND: symbol = Symbol.for('switchyard.LLMError');

const MAX_DEPTH = 5;
const MAX_STRING = 4096;
const MAX_STACK = 16 * 1024;
const MAX_ITEMS = 50;

// Property names whose values are credentials or carry them (request options, clients …).
const SENSITIVE_KEY = /key|token|auth|secret|passw|cookie|credential|request|option|config|client|signature/i;
// Request ids match /request/ but are what support asks for.
const REQUEST_ID = /^request_?id$/i;

function isSensitive(key: string): boolean {
  return SENSITIVE_KEY.test(key) && !REQUEST_ID.test(key);
}

// Response headers worth keeping on a cause: request ids, rate limits, retry hints.
const KEPT_HEADER =
  /^(?:retry-after(?:-ms)?|x-request-id|request-id|content-type|date|cf-ray|x-ratelimit-.*|anthropic-ratelimit-.*)$/i;

/**
 * A copy of `cause` that is safe to attach, print and upload. An Error stays a real Error of
 * the same class (so `instanceof` and error trackers still work) with its message and stack
 * masked, its primitive fields (`code`, `status`, `errno`, `syscall`, `address`, `port`,
 * `hostname` …) masked where text, its JSON error body masked, only safe response headers,
 * and a sanitized `cause` (and `errors`), five levels deep at most. An `LLMError` is kept as
 * it is: it was sanitized when it was made.
 */
export function sanitizeCause(cause: unknown): unknown {
  try {
    return sanitize(cause, 0);
  } catch {
    // A proxy or a throwing getter: keep nothing of it rather than fail to report the error.
    return new Error('The original error could not be copied safely, so it is not attached.');
  }
}

function sanitize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return clip(value, MAX_STRING);
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? undefined : value;
  if ((value as Record<symbol, unknown>)[LLM_ERROR_BRAND] === true) return value;
  if (depth >= MAX_DEPTH) return undefined;
  if (value instanceof Error) return copyError(value, depth);
  return sanitizeData(value, depth);
}

function copyError(error: Error, depth: number): Error {
  const message = clip(readString(error, 'message') ?? '', MAX_STRING);
  const name = readString(error, 'name') ?? 'Error';
  const copy = makeError(error, name, message);
  define(copy, 'stack', clip(readString(error, 'stack') ?? `${name}: ${message}`, MAX_STACK), false);
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === 'message' || key === 'stack' || key === 'name' || key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    // Getters are not run: they could compute anything, including a credential.
    if (descriptor === undefined || !('value' in descriptor)) continue;
    const value = copyField(key, descriptor.value, depth);
    if (value !== undefined) define(copy, key, value, descriptor.enumerable === true);
  }
  return copy;
}

// A real Error (so `util.types.isNativeError` and trackers accept it) with the original's
// prototype (so `instanceof APIError` still holds); a DOMException is rebuilt as one.
function makeError(error: Error, name: string, message: string): Error {
  if (typeof DOMException === 'function' && error instanceof DOMException) return new DOMException(message, name);
  const copy = new Error(message);
  const prototype: unknown = Object.getPrototypeOf(error);
  if (prototype !== Error.prototype && typeof prototype === 'object' && prototype !== null) {
    Object.setPrototypeOf(copy, prototype);
  }
  define(copy, 'name', name, false);
  return copy;
}

function copyField(key: string, value: unknown, depth: number): unknown {
  if (key === 'cause') return sanitize(value, depth + 1);
  if (key === 'errors' && Array.isArray(value))
    return value.slice(0, MAX_ITEMS).map((item) => sanitize(item, depth + 1));
  if (key === 'headers') return sanitizeHeaders(value);
  if (isSensitive(key)) return undefined;
  // Bodies (`error`, `details`, `body`) are JSON from the vendor; other objects are dropped.
  if (typeof value === 'object' && value !== null && key !== 'error' && key !== 'details' && key !== 'body') {
    return undefined;
  }
  return sanitize(value, depth + 1);
}

function sanitizeData(value: object, depth: number): unknown {
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => sanitize(item, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  // Only plain data: a class instance (a client, a socket, a Headers) is not copied.
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key of Object.keys(value)) {
    if (kept++ >= MAX_ITEMS) break;
    if (isSensitive(key)) continue;
    const item = sanitize((value as Record<string, unknown>)[key], depth + 1);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

function sanitizeHeaders(headers: unknown): Record<string, string> | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const out: Record<string, string> = {};
  const entries: Iterable<[string, unknown]> =
    typeof (headers as Headers).entries === 'function' && typeof (headers as Headers).get === 'function'
      ? (headers as Headers).entries()
      : Object.entries(headers);
  for (const [name, value] of entries) {
    if (KEPT_HEADER.test(name) && typeof value === 'string') out[name.toLowerCase()] = clip(value, 256);
  }
  return out;
}

function readString(error: Error, key: 'message' | 'name' | 'stack'): string | undefined {
  try {
    const value: unknown = error[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function clip(text: string, limit: number): string {
  const { text: masked, omitted } = redactText(text, limit);
  return omitted > 0 ? `${masked}… (${omitted} more characters)` : masked;
}

function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}
