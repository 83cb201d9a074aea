import type { ProviderPlugin } from '@switchyard/core';
import { createGoogleLegacyPlugin, type GoogleLegacyOptions } from './google-legacy-plugin.js';

export type { GoogleLegacyOptions } from './google-legacy-plugin.js';

/**
 * The Gemini adapter on the deprecated `@google/generative-ai` SDK (end of life 2025-08-31),
 * for projects that cannot move to `@google/genai` yet. It shares every request and stream
 * mapping with `google()`; only the SDK call differs. Install `@google/generative-ai` yourself:
 * it is an optional peer dependency.
 *
 * @deprecated Use `google()` from `@switchyard/google`, on the supported `@google/genai` SDK.
 */
export function googleLegacy(options?: GoogleLegacyOptions): ProviderPlugin {
  return createGoogleLegacyPlugin(options);
}
