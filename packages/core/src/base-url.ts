import { LLMError } from './errors.js';

/**
 * Throws an `invalid_request` LLMError when `baseURL` is not an `http://` or `https://` URL.
 * Without the check, `baseURL: 'localhost:1234'` (no scheme) fails at the first request as a
 * retryable network error, and is retried, although it is a configuration mistake.
 */
export function checkBaseURL(provider: string, baseURL: string | undefined, option: string = 'baseURL'): void {
  if (baseURL === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(baseURL).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return;
  // Credentials can sit before an `@`; they are not echoed.
  const shown = baseURL.includes('@') ? `…${baseURL.slice(baseURL.lastIndexOf('@'))}` : baseURL;
  const example = baseURL.includes('://') ? 'https://api.example.com' : `http://${shown}`;
  throw new LLMError(
    `${provider}: ${option} ${JSON.stringify(shown)} is not an http:// or https:// URL. Include the scheme, for example "${example}".`,
    { code: 'invalid_request', provider, retryable: false },
  );
}
