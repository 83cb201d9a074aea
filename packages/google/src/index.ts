import type { ProviderPlugin } from '@switchyard/core';
import { createGooglePlugin, type GoogleOptions } from './google-plugin.js';

export type { GoogleOptions } from './google-plugin.js';

/**
 * The Gemini adapter on `@google/genai`:
 * `createRegistry([google()])` then `'google:gemini-2.5-flash'`.
 *
 * The key defaults to `GEMINI_API_KEY`, then `GOOGLE_API_KEY`; it is read (and a missing key
 * reported) on the first request, not here.
 */
export function google(options?: GoogleOptions): ProviderPlugin {
  return createGooglePlugin(options);
}
