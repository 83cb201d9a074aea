import { LLMError } from '@switchyard/core';

/** The environment variables read for the key, in order. */
export const GEMINI_API_KEY_ENV_VARS: readonly string[] = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'];

/** Reads the first non-empty variable of `names` from the environment. */
export function readEnvKey(names: readonly string[]): string | undefined {
  const env = typeof process === 'undefined' ? undefined : process.env;
  if (env === undefined) return undefined;
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The `auth` error for a missing key, naming where a key is looked for. */
export function missingKeyError(provider: string, factory: string): LLMError {
  return new LLMError(
    `${provider}: no Gemini API key. Pass \`apiKey\` to ${factory}(), or set GEMINI_API_KEY (or GOOGLE_API_KEY).`,
    { code: 'auth', provider, retryable: false },
  );
}
