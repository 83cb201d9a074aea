import { inspect } from 'node:util';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import {
  type ChatCompletionRequest,
  CORE_CONTRACT_VERSION,
  complete,
  createRegistry,
  LLMError as LLMErrorClass,
  streamChatCompletion,
} from '@switchyard/core';
import { openai } from '@switchyard/openai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { drain, failure } from './helpers.js';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  // The tests own these variables, whatever the machine has set.
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) vi.stubEnv(name, '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const KEY = 'sk-proj-Zx81Qm4Tn7Vb2Lk9Wr5Hy3Pd6Jf0';

describe('the plugin', () => {
  it('is named openai and states the core contract version', () => {
    const plugin = openai();
    expect({ name: plugin.name, contractVersion: plugin.contractVersion }).toEqual({
      name: 'openai',
      contractVersion: CORE_CONTRACT_VERSION,
    });
  });

  it('gives models their provider and model id', () => {
    const llm = openai({ name: 'proxy' }).languageModel('gpt-4o-mini');
    expect({ provider: llm.provider, modelId: llm.modelId }).toEqual({ provider: 'proxy', modelId: 'gpt-4o-mini' });
  });

  it('resolves through a registry by spec', async () => {
    const registry = createRegistry([openai({ baseURL: server.baseURL('openai'), apiKey: KEY })]);
    const message = await complete(hi, 'openai:text-basic', { registry });
    expect(message.content).toBe('The capital of France is Paris.');
  });

  it("uses the `name` option as the provider of models and errors, and merges that name's providerOptions", async () => {
    const plugin = openai({ name: 'my-proxy', baseURL: server.baseURL('openai'), apiKey: KEY });
    await drain(
      plugin
        .languageModel('text-basic')
        .createChatCompletionStream({ ...hi, providerOptions: { 'my-proxy': { user: 'u-9' } } }),
    );
    expect(server.requests[0]!.body).toMatchObject({ user: 'u-9' });
    const error = await failure(() =>
      drain(plugin.languageModel('text-basic~status-500').createChatCompletionStream(hi)),
    );
    expect(error.provider).toBe('my-proxy');
  });
});

describe('the API key', () => {
  it('is not needed to build the plugin or a model', () => {
    expect(() => openai().languageModel('gpt-4o')).not.toThrow();
  });

  it('is reported missing when a request is made, as an auth error naming OPENAI_API_KEY, without any request', async () => {
    const llm = openai({ baseURL: server.baseURL('openai') }).languageModel('text-basic');
    const error = await failure(() => drain(llm.createChatCompletionStream(hi)));
    expect({ code: error.code, provider: error.provider, retryable: error.retryable }).toEqual({
      code: 'auth',
      provider: 'openai',
      retryable: false,
    });
    expect(error.message).toBe(
      'openai: no API key. Set the OPENAI_API_KEY environment variable or pass { apiKey } to openai().',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('is not retried by core when missing, and reaches onError', async () => {
    const onError = vi.fn();
    const llm = openai({ baseURL: server.baseURL('openai') }).languageModel('text-basic');
    await expect(streamChatCompletion(hi, { onError }, llm, { maxRetries: 3 })).rejects.toMatchObject({ code: 'auth' });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('is read from OPENAI_API_KEY when the first request is made, not when the plugin is built', async () => {
    const llm = openai({ baseURL: server.baseURL('openai') }).languageModel('text-basic');
    vi.stubEnv('OPENAI_API_KEY', KEY);
    await drain(llm.createChatCompletionStream(hi));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('prefers the apiKey option over the environment', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-000000000');
    await drain(
      openai({ baseURL: server.baseURL('openai'), apiKey: KEY })
        .languageModel('text-basic')
        .createChatCompletionStream(hi),
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('is not visible in inspect or JSON of the plugin or a model', () => {
    const plugin = openai({ apiKey: KEY, baseURL: server.baseURL('openai') });
    const llm = plugin.languageModel('gpt-4o');
    for (const value of [plugin, llm]) {
      expect(inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY })).not.toContain(KEY);
      expect(JSON.stringify(value)).not.toContain(KEY);
    }
  });

  it('is not visible in inspect or JSON of a model that already made a request', async () => {
    const llm = openai({ apiKey: KEY, baseURL: server.baseURL('openai') }).languageModel('text-basic');
    await drain(llm.createChatCompletionStream(hi));
    expect(inspect(llm, { showHidden: true, depth: Number.POSITIVE_INFINITY })).not.toContain(KEY);
    expect(JSON.stringify(llm)).not.toContain(KEY);
  });

  it('is not visible in inspect, toString or JSON of an error from the server', async () => {
    const llm = openai({ apiKey: KEY, baseURL: server.baseURL('openai') }).languageModel('text-basic~status-401');
    const error = await failure(() => drain(llm.createChatCompletionStream(hi)));
    expect(error.code).toBe('auth');
    for (const text of [
      inspect(error, { showHidden: true, depth: 6 }),
      String(error),
      JSON.stringify(error),
      error.message,
    ]) {
      expect(text).not.toContain(KEY);
    }
  });

  it('is registered as a secret, so core masks it in any error message', () => {
    const key = 'custom-gateway-token-7c1d9e4f';
    openai({ apiKey: key });
    expect(new LLMErrorClass(`upstream echoed ${key}`, { code: 'unknown' }).message).not.toContain(key);
  });
});

describe('options', () => {
  it('uses OPENAI_BASE_URL when no baseURL is given', async () => {
    vi.stubEnv('OPENAI_BASE_URL', server.baseURL('openai'));
    await drain(openai({ apiKey: KEY }).languageModel('text-basic').createChatCompletionStream(hi));
    expect(server.requests).toHaveLength(1);
  });

  it('sends OPENAI_ORG_ID and OPENAI_PROJECT_ID when the options are not given', async () => {
    vi.stubEnv('OPENAI_ORG_ID', 'org-env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj_env');
    await drain(
      openai({ apiKey: KEY, baseURL: server.baseURL('openai') })
        .languageModel('text-basic')
        .createChatCompletionStream(hi),
    );
    const headers = server.requests[0]!.headers;
    expect([headers['openai-organization'], headers['openai-project']]).toEqual(['org-env', 'proj_env']);
  });

  it('uses a given SDK client as it is, with its own key', async () => {
    const client = new OpenAI({ apiKey: 'sk-client-1234567890', baseURL: server.baseURL('openai'), maxRetries: 0 });
    await drain(openai({ client }).languageModel('text-basic').createChatCompletionStream(hi));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-client-1234567890');
  });

  it("turns a given client's own retries off, so core's loop is the only one", async () => {
    // The SDK's default is two retries; core already retries, so they would multiply.
    const client = new OpenAI({ apiKey: 'sk-client-1234567890', baseURL: server.baseURL('openai') });
    const error = await failure(() =>
      drain(openai({ client }).languageModel('text-basic~status-500').createChatCompletionStream(hi)),
    );
    expect(error.code).toBe('server');
    expect(server.requests).toHaveLength(1);
  });

  it('lets quirks override the dialect (an OpenAI-compatible server behind openai())', async () => {
    await drain(
      openai({
        apiKey: KEY,
        baseURL: server.baseURL('openai'),
        quirks: { streamOptions: false, maxTokensParam: 'max_tokens' },
      })
        .languageModel('text-basic')
        .createChatCompletionStream({ ...hi, maxTokens: 64 }),
    );
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('stream_options');
    expect(body).toMatchObject({ max_tokens: 64 });
  });
});
