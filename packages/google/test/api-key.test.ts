import { afterEach, describe, expect, it, vi } from 'vitest';
import { GEMINI_API_KEY_ENV_VARS, missingKeyError, readEnvKey } from '../src/api-key.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readEnvKey', () => {
  it.each([
    ['the first variable set', { GEMINI_API_KEY: 'a', GOOGLE_API_KEY: 'b' }, 'a'],
    ['the next one when the first is empty', { GEMINI_API_KEY: '  ', GOOGLE_API_KEY: 'b' }, 'b'],
    ['the value trimmed', { GEMINI_API_KEY: ' a \n', GOOGLE_API_KEY: '' }, 'a'],
    ['nothing when none is set', { GEMINI_API_KEY: '', GOOGLE_API_KEY: '' }, undefined],
  ])('reads %s', (_name, env, expected) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(readEnvKey(GEMINI_API_KEY_ENV_VARS)).toBe(expected);
  });
});

describe('missingKeyError', () => {
  it('is a non-retryable auth error that says where the key is looked for', () => {
    const error = missingKeyError('gemini', 'google');
    expect(error).toMatchObject({ code: 'auth', provider: 'gemini', retryable: false });
    expect(error.message).toBe(
      'gemini: no Gemini API key. Pass `apiKey` to google(), or set GEMINI_API_KEY (or GOOGLE_API_KEY).',
    );
  });
});
