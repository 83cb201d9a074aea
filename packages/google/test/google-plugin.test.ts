import { inspect } from 'node:util';
import { GoogleGenAI } from '@google/genai';
import { CORE_CONTRACT_VERSION, complete, isLLMError } from '@switchyard/core';
import { google } from '@switchyard/google';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useReplayServer } from './replay.js';

const replay = useReplayServer();
const hello = { messages: [{ role: 'user' as const, content: 'Hello' }] };
const SECRET = 'AIzaSyTestKeyThatMustNeverShow0123456';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('google()', () => {
  it('is a plugin named "google" for the current core contract', () => {
    const plugin = google({ apiKey: 'k' });
    expect(plugin.name).toBe('google');
    expect(plugin.contractVersion).toBe(CORE_CONTRACT_VERSION);
    expect(plugin.languageModel('gemini-2.5-flash')).toMatchObject({ provider: 'google', modelId: 'gemini-2.5-flash' });
  });

  it('takes another name', () => {
    const plugin = google({ apiKey: 'k', name: 'gemini' });
    expect(plugin.name).toBe('gemini');
    expect(plugin.languageModel('m').provider).toBe('gemini');
  });

  it('reports a missing key when a request is made, naming both variables', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', '');
    const model = google({ baseURL: replay.baseURL }).languageModel('text-basic');
    const run = complete(hello, model, { maxRetries: 2 });
    await expect(run).rejects.toSatisfy((error) => isLLMError(error) && error.code === 'auth' && !error.retryable);
    await expect(run).rejects.toThrow(/GEMINI_API_KEY \(or GOOGLE_API_KEY\)/);
    expect(replay.server.requests).toHaveLength(0);
  });

  it.each([
    ['GEMINI_API_KEY first', { GEMINI_API_KEY: 'gemini-key', GOOGLE_API_KEY: 'google-key' }, 'gemini-key'],
    ['GOOGLE_API_KEY when GEMINI_API_KEY is unset', { GEMINI_API_KEY: '', GOOGLE_API_KEY: 'google-key' }, 'google-key'],
  ])('reads %s from the environment', async (_name, env, sent) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    // Both set: the SDK warns that it would prefer GOOGLE_API_KEY; the adapter passes its choice explicitly.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await complete(hello, google({ baseURL: replay.baseURL }).languageModel('text-basic'), { maxRetries: 0 });
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe(sent);
  });

  it('prefers the apiKey option over the environment', async () => {
    vi.stubEnv('GEMINI_API_KEY', 'env-key');
    await complete(hello, google({ baseURL: replay.baseURL, apiKey: 'option-key' }).languageModel('text-basic'), {
      maxRetries: 0,
    });
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe('option-key');
  });

  it('keeps the key out of inspect and JSON of the plugin and its models, before and after a request', async () => {
    const plugin = google({ baseURL: replay.baseURL, apiKey: SECRET });
    const model = plugin.languageModel('text-basic');
    await complete(hello, model, { maxRetries: 0 });
    // The key travels only in the x-goog-api-key header, never in the URL.
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe(SECRET);
    expect(JSON.stringify(replay.server.requests[0]!.query)).not.toContain(SECRET);
    for (const value of [plugin, model]) {
      expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(SECRET);
      expect(JSON.stringify(value)).not.toContain(SECRET);
    }
  });

  it('keeps the key out of errors', async () => {
    const model = google({ baseURL: replay.baseURL, apiKey: SECRET }).languageModel('text-basic~status-401');
    const error = await complete(hello, model, { maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(isLLMError(error) && error.code).toBe('auth');
    expect(`${inspect(error)} ${JSON.stringify(error)} ${String(error)}`).not.toContain(SECRET);
  });

  it('uses a client passed in as it is, with its retries turned off', async () => {
    const client = new GoogleGenAI({
      apiKey: 'client-key',
      httpOptions: { baseUrl: replay.baseURL, retryOptions: { attempts: 5, initialDelay: 0.001 } },
    });
    const model = google({ client, apiKey: 'ignored' }).languageModel('text-basic~status-503');
    const error = await complete(hello, model, { maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(isLLMError(error) && error.code).toBe('overloaded');
    expect(replay.server.requests).toHaveLength(1);
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe('client-key');
  });
});
