import { isLLMError, LLMError } from './errors.js';
import { DEFAULT_MAX_ERROR_BODY_BYTES, readBodyPrefix } from './read-body.js';

/** A `fetch` as vendor SDKs accept it in their client options. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface GuardedFetchOptions {
  /** The provider named in errors. */
  provider: string;
  /** The `fetch` underneath (default: the global one). */
  fetch?: FetchFunction | undefined;
  /** Milliseconds to wait for the response headers; `undefined` or 0 for no limit of ours. */
  headersTimeoutMs?: number | undefined;
  /** The most of an error body that is read (after decompression); default 64 KiB. */
  maxErrorBodyBytes?: number | undefined;
}

const MAX_REDIRECTS = 5;

/**
 * A `fetch` for vendor SDKs that keeps a hostile or broken server from reaching past the
 * request:
 *
 * - Redirects are followed only within the origin the request was sent to: credentials
 *   (`authorization`, `x-api-key`, `x-goog-api-key`, custom headers) never reach another
 *   origin. A redirect elsewhere is a `network` error.
 * - An error response's body is cut to `maxErrorBodyBytes` before the SDK reads it, so a huge
 *   (or compressed-bomb) error body costs a bounded prefix.
 * - `headersTimeoutMs` bounds the wait for the response headers (a `timeout` error).
 *
 * Success bodies pass through untouched: the adapter reads them with the SSE decoder, which
 * bounds them.
 */
export function createGuardedFetch(options: GuardedFetchOptions): FetchFunction {
  const provider = options.provider;
  const maxErrorBodyBytes = options.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES;
  const headersTimeoutMs = options.headersTimeoutMs;
  return async function guardedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const base = options.fetch ?? globalThis.fetch;
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const origin = url.origin;
    let request: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const response = await fetchWithHeadersTimeout(base, input, url, request, headersTimeoutMs, provider);
      if (response.type === 'opaqueredirect') {
        throw redirectError(provider, 'a location this runtime hides (an opaque redirect)');
      }
      const location = isRedirect(response.status) ? response.headers.get('location') : null;
      if (location === null) {
        return response.ok || response.status < 400 ? response : capErrorBody(response, maxErrorBodyBytes);
      }
      // The redirect's own body is never needed.
      response.body?.cancel().catch(ignore);
      const target = new URL(location, url);
      if (target.origin !== origin) throw redirectError(provider, `another origin (${target.origin})`);
      if (hop >= MAX_REDIRECTS) throw redirectError(provider, `more than ${MAX_REDIRECTS} redirects`);
      // 301/302/303 turn a POST into a body-less GET, as fetch itself would.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && request.method === 'POST')
      ) {
        request = { ...request, method: 'GET', body: null };
      }
      url = target;
      input = target;
    }
  };
}

/**
 * The `LLMError` a guarded fetch threw, found wherever an SDK wrapped it (its `cause` chain),
 * or `undefined`. Adapters check this before mapping the SDK's own error.
 */
export function transportError(error: unknown): LLMError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (isLLMError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function fetchWithHeadersTimeout(
  base: FetchFunction,
  input: string | URL | Request,
  url: URL,
  init: RequestInit,
  timeoutMs: number | undefined,
  provider: string,
): Promise<Response> {
  const target = typeof input === 'string' || input instanceof URL ? url : input;
  if (timeoutMs === undefined || timeoutMs <= 0) return base(target, init);
  const controller = new AbortController();
  const outer = init.signal ?? undefined;
  const signal = outer === undefined ? controller.signal : anySignal(outer, controller.signal);
  const timer = setTimeout(() => controller.abort(headersTimeoutError(provider, timeoutMs)), timeoutMs);
  try {
    return await base(target, { ...init, signal });
  } catch (error) {
    if (controller.signal.aborted && outer?.aborted !== true) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// `AbortSignal.any` holds its sources weakly, so nothing is left on the caller's signal; Node
// before 20.3 lacks it and gets a listener instead.
function anySignal(outer: AbortSignal, inner: AbortSignal): AbortSignal {
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (any !== undefined) return any([outer, inner]);
  const linked = new AbortController();
  const forward = (from: AbortSignal): void => {
    if (from.aborted) linked.abort(from.reason);
    else from.addEventListener('abort', () => linked.abort(from.reason), { once: true });
  };
  forward(outer);
  forward(inner);
  return linked.signal;
}

async function capErrorBody(response: Response, maxBytes: number): Promise<Response> {
  const prefix = await readBodyPrefix(response.body, maxBytes);
  const headers = new Headers(response.headers);
  // The prefix is already decoded and shorter than announced.
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(prefix, { status: response.status, statusText: response.statusText, headers });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function redirectError(provider: string, where: string): LLMError {
  return new LLMError(
    `${provider}: the server redirected the request to ${where}. Redirects are followed only within the configured origin, so that credentials never leave it; point \`baseURL\` at the final address.`,
    { code: 'network', provider, retryable: false },
  );
}

function headersTimeoutError(provider: string, timeoutMs: number): LLMError {
  return new LLMError(
    `${provider}: the server sent no response headers within ${timeoutMs} ms. Retry the request, or raise the timeout if the server is known to be slow.`,
    { code: 'timeout', provider },
  );
}

function ignore(): void {}
