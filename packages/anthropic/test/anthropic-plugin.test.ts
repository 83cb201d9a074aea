import { createServer as createNetServer, type Server } from 'node:net';
import { inspect } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import type { ReplayServer } from '@switchyard/conformance';
import { startReplayServer } from '@switchyard/conformance';
import { type ChatChunk, CORE_CONTRACT_VERSION, complete, isLLMError, type LLM, type LLMError } from '@switchyard/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anthropic } from '../src/index.js';

const REQUEST = { messages: [{ role: 'user' as const, content: 'Hello' }], maxTokens: 64 };
const KEY = 'sk-ant-api03-SecretTestKey-0123456789abcdef';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  // Tests decide the environment; the machine's own variables must not leak in.
  vi.stubEnv('ANTHROPIC_API_KEY', undefined);
  vi.stubEnv('ANTHROPIC_AUTH_TOKEN', undefined);
  vi.stubEnv('ANTHROPIC_BASE_URL', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Drains the model's own stream (no core retries) and returns the chunks or the error. */
async function drain(model: LLM): Promise<{ chunks: ChatChunk[]; error?: LLMError }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of model.createChatCompletionStream(REQUEST)) chunks.push(chunk);
  } catch (error) {
    if (!isLLMError(error)) throw error;
    return { chunks, error };
  }
  return { chunks };
}

async function expectError(model: LLM): Promise<LLMError> {
  const { error } = await drain(model);
  if (error === undefined) return expect.fail('expected an LLMError');
  return error;
}

describe('anthropic(): the plugin', () => {
  it('states its name and the core contract version', () => {
    const plugin = anthropic({ apiKey: KEY });
    expect(plugin.name).toBe('anthropic');
    expect(plugin.contractVersion).toBe(CORE_CONTRACT_VERSION);
    expect(plugin.languageModel('claude-sonnet-5-5')).toMatchObject({
      provider: 'anthropic',
      modelId: 'claude-sonnet-5-5',
    });
  });

  it('takes another name for models, errors and provider options', async () => {
    const plugin = anthropic({ name: 'work-claude', baseURL: server.origin, apiKey: KEY });
    expect(plugin.name).toBe('work-claude');
    const model = plugin.languageModel('text-basic~status-401');
    expect(model.provider).toBe('work-claude');
    expect((await expectError(model)).provider).toBe('work-claude');
  });

  it('refuses an empty model id', () => {
    expect(() => anthropic({ apiKey: KEY }).languageModel('')).toThrow(/model id is required/);
  });
});

describe('anthropic(): credentials', () => {
  it('sends the API key the way SDK 1.14 does: `authorization: Bearer`, no x-api-key, API version 2026-10-21', async () => {
    await drain(anthropic({ baseURL: server.origin, apiKey: KEY }).languageModel('text-basic'));
    const headers = server.requests[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['anthropic-version']).toBe('2026-10-21');
  });

  it('fails at request time, not at construction, with an auth error naming ANTHROPIC_API_KEY', async () => {
    const plugin = anthropic({ baseURL: server.origin });
    const model = plugin.languageModel('text-basic');
    const error = await expectError(model);
    expect({ code: error.code, retryable: error.retryable, provider: error.provider }).toEqual({
      code: 'auth',
      retryable: false,
      provider: 'anthropic',
    });
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(server.requests).toHaveLength(0);
  });

  it('reads ANTHROPIC_API_KEY at the first request', async () => {
    const model = anthropic({ baseURL: server.origin }).languageModel('text-basic');
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-the-environment');
    await drain(model);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-ant-from-the-environment');
  });

  it('prefers the apiKey option over the environment', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-the-environment');
    await drain(anthropic({ baseURL: server.origin, apiKey: KEY }).languageModel('text-basic'));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('sends an auth token as a bearer token', async () => {
    await drain(anthropic({ baseURL: server.origin, authToken: 'oauth-token-abcdef123' }).languageModel('text-basic'));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer oauth-token-abcdef123');
  });

  it('falls back to ANTHROPIC_AUTH_TOKEN when there is no key', async () => {
    vi.stubEnv('ANTHROPIC_AUTH_TOKEN', 'oauth-token-from-env');
    await drain(anthropic({ baseURL: server.origin }).languageModel('text-basic'));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer oauth-token-from-env');
  });

  it('never shows the key in inspect or JSON of the plugin, a model or an error', async () => {
    const plugin = anthropic({ baseURL: server.origin, apiKey: KEY, authToken: undefined });
    const model = plugin.languageModel('text-basic~status-401');
    const error = await expectError(model);
    for (const value of [plugin, model, error]) {
      expect(inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })).not.toContain(KEY);
      expect(JSON.stringify(value)).not.toContain(KEY);
      expect(String(value)).not.toContain(KEY);
    }
    expect(Object.keys(plugin).sort()).toEqual(['contractVersion', 'languageModel', 'name']);
    expect(Object.keys(model).sort()).toEqual(['createChatCompletionStream', 'modelId', 'provider']);
  });
});

describe('anthropic(): connection options', () => {
  it('defaults the base URL to ANTHROPIC_BASE_URL', async () => {
    vi.stubEnv('ANTHROPIC_BASE_URL', server.origin);
    const { chunks } = await drain(anthropic({ apiKey: KEY }).languageModel('text-basic'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(server.requests[0]!.path).toBe('/v1/messages');
  });

  it('sends extra headers, which may pin another API version', async () => {
    const headers = { 'anthropic-beta': 'fast-mode-2026-02-01', 'anthropic-version': '2023-06-01' };
    await drain(anthropic({ baseURL: server.origin, apiKey: KEY, headers }).languageModel('text-basic'));
    expect(server.requests[0]!.headers).toMatchObject(headers);
  });

  it('turns the SDK retries off: one failed request, one HTTP request', async () => {
    const error = await expectError(
      anthropic({ baseURL: server.origin, apiKey: KEY }).languageModel('text-basic~status-529'),
    );
    expect(error.code).toBe('overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('uses a given client as it is, with its retries still off', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-the-clients-own-key', baseURL: server.origin, maxRetries: 5 });
    const error = await expectError(anthropic({ client }).languageModel('text-basic~status-500'));
    expect(error.code).toBe('server');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-ant-the-clients-own-key');
  });

  it('streams through the core API with a given client', async () => {
    const client = new Anthropic({ apiKey: KEY, baseURL: server.origin });
    const message = await complete(REQUEST, anthropic({ client }).languageModel('text-basic'), { maxRetries: 0 });
    expect(message.content).toBe('Hello! How can I help you today?');
  });
});

describe('anthropic(): transport failures', () => {
  let silent: Server;
  let silentPort: number;
  beforeAll(async () => {
    // Accepts connections and never answers: only a timeout ends a request to it.
    silent = createNetServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    silent.close();
  });

  it('reports a request that outlives `timeout` as timeout', async () => {
    const plugin = anthropic({ baseURL: `http://127.0.0.1:${silentPort}`, apiKey: KEY, timeout: 50 });
    const error = await expectError(plugin.languageModel('text-basic'));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'timeout', retryable: true });
  });

  it('reports an unreachable server as network', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await expectError(
      anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: KEY }).languageModel('text-basic'),
    );
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'network', retryable: true });
  });
});
