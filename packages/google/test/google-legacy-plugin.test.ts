import { inspect } from 'node:util';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { CORE_CONTRACT_VERSION, complete, isLLMError } from '@switchyard/core';
import { googleLegacy } from '@switchyard/google/legacy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useReplayServer } from './replay.js';

const replay = useReplayServer();
const hello = { messages: [{ role: 'user' as const, content: 'Hello' }] };
const SECRET = 'AIzaSyLegacyKeyThatMustNeverShow01234';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('googleLegacy()', () => {
  it('is a plugin named "google" for the current core contract', () => {
    const plugin = googleLegacy({ apiKey: 'k' });
    expect({ name: plugin.name, contractVersion: plugin.contractVersion }).toEqual({
      name: 'google',
      contractVersion: CORE_CONTRACT_VERSION,
    });
  });

  it('reports a missing key when a request is made, naming both variables', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', '');
    const model = googleLegacy({ baseURL: replay.baseURL }).languageModel('text-basic');
    const error = await complete(hello, model, { maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(isLLMError(error) && error.code).toBe('auth');
    expect(String(error)).toMatch(/googleLegacy\(\), or set GEMINI_API_KEY \(or GOOGLE_API_KEY\)/);
    expect(replay.server.requests).toHaveLength(0);
  });

  it('reads GEMINI_API_KEY first, then GOOGLE_API_KEY', async () => {
    vi.stubEnv('GEMINI_API_KEY', 'gemini-key');
    vi.stubEnv('GOOGLE_API_KEY', 'google-key');
    await complete(hello, googleLegacy({ baseURL: replay.baseURL }).languageModel('text-basic'), { maxRetries: 0 });
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe('gemini-key');
  });

  it('keeps the key out of inspect and JSON of the plugin and its models', async () => {
    const plugin = googleLegacy({ baseURL: replay.baseURL, apiKey: SECRET });
    const model = plugin.languageModel('text-basic');
    await complete(hello, model, { maxRetries: 0 });
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe(SECRET);
    for (const value of [plugin, model]) {
      expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(SECRET);
      expect(JSON.stringify(value)).not.toContain(SECRET);
    }
  });

  it('uses a client passed in as it is', async () => {
    const client = new GoogleGenerativeAI('client-key');
    await complete(hello, googleLegacy({ client, baseURL: replay.baseURL }).languageModel('text-basic'), {
      maxRetries: 0,
    });
    expect(replay.server.requests[0]!.headers['x-goog-api-key']).toBe('client-key');
  });

  it('sends the configured API version and headers', async () => {
    const plugin = googleLegacy({
      baseURL: replay.baseURL,
      apiKey: 'k',
      apiVersion: 'v1',
      headers: { 'x-trace': 't' },
    });
    await complete(hello, plugin.languageModel('text-basic'), { maxRetries: 0 });
    expect(replay.server.requests[0]!.path).toBe('/v1/models/text-basic:streamGenerateContent');
    expect(replay.server.requests[0]!.headers['x-trace']).toBe('t');
  });
});
