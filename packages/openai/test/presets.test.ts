import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { type ChatCompletionRequest, complete, createRegistry } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isPresetName, type PresetName, presetNames, presets } from '../src/presets.js';
import { drain, failure } from './helpers.js';

const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }], maxTokens: 64 };

describe('the presets table', () => {
  it('lists exactly the supported services, in order', () => {
    expect(presetNames).toEqual([
      'ollama',
      'vllm',
      'lmstudio',
      'groq',
      'together',
      'deepseek',
      'openrouter',
      'xai',
      'mistral',
      'fireworks',
      'cerebras',
      'perplexity',
    ]);
    expect(Object.keys(presets)).toEqual(presetNames);
  });

  it.each<[PresetName, string, string | null, boolean]>([
    ['ollama', 'http://localhost:11434/v1', null, false],
    ['vllm', 'http://localhost:8000/v1', 'VLLM_API_KEY', false],
    ['lmstudio', 'http://localhost:1234/v1', null, false],
    ['groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY', true],
    ['together', 'https://api.together.ai/v1', 'TOGETHER_API_KEY', true],
    ['deepseek', 'https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY', true],
    ['openrouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', true],
    ['xai', 'https://api.x.ai/v1', 'XAI_API_KEY', true],
    ['mistral', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY', true],
    ['fireworks', 'https://api.fireworks.ai/inference/v1', 'FIREWORKS_API_KEY', true],
    ['cerebras', 'https://api.cerebras.ai/v1', 'CEREBRAS_API_KEY', true],
    ['perplexity', 'https://api.perplexity.ai', 'PERPLEXITY_API_KEY', true],
  ])('has %s at %s with key %s (required: %s)', (name, baseURL, apiKeyEnv, apiKeyRequired) => {
    expect(presets[name]).toMatchObject({ baseURL, apiKeyEnv, apiKeyRequired });
  });

  it.each(presetNames)('has a well-formed row for %s', (name) => {
    const preset = presets[name];
    const url = new URL(preset.baseURL);
    // Local servers speak plain HTTP on localhost; hosted services use HTTPS.
    if (preset.apiKeyRequired) expect(url.protocol).toBe('https:');
    else expect(url.hostname).toBe('localhost');
    expect(preset.baseURL.endsWith('/')).toBe(false);
    if (preset.apiKeyEnv !== null) expect(preset.apiKeyEnv).toMatch(/^[A-Z][A-Z0-9]*_API_KEY$/);
    if (preset.apiKeyRequired) expect(preset.apiKeyEnv).not.toBeNull();
    expect(new URL(preset.docs).protocol).toBe('https:');
    const { quirks } = preset;
    expect(Object.keys(quirks).sort()).toEqual([
      'maxTokensParam',
      'reasoningField',
      'reasoningHistory',
      'seedParam',
      'streamOptions',
      'toolCallIds',
    ]);
    expect(typeof quirks.streamOptions).toBe('boolean');
    expect(['max_tokens', 'max_completion_tokens']).toContain(quirks.maxTokensParam);
    expect(['reasoning_content', 'reasoning', null]).toContain(quirks.reasoningField);
    expect(['omit', 'tool-calls']).toContain(quirks.reasoningHistory);
    expect(['seed', 'random_seed']).toContain(quirks.seedParam);
    if (quirks.reasoningHistory !== 'omit') expect(quirks.reasoningField).not.toBeNull();
  });

  it('is frozen, rows and quirks included', () => {
    expect(Object.isFrozen(presets)).toBe(true);
    expect(Object.isFrozen(presets.groq)).toBe(true);
    expect(Object.isFrozen(presets.groq.quirks)).toBe(true);
  });

  it('is documented: every preset has a row in docs/providers/openai.md that matches the table', () => {
    const doc = readFileSync(new URL('../../../docs/providers/openai.md', import.meta.url), 'utf8');
    for (const name of presetNames) {
      const preset = presets[name];
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, `no table row for ${name}`).toBeDefined();
      const cells = row!.split('|').map((cell) => cell.trim());
      expect(cells.slice(2, 8), name).toEqual([
        preset.baseURL,
        expect.stringContaining(preset.apiKeyEnv ?? '— (no key)'),
        preset.quirks.streamOptions ? 'yes' : 'no',
        `\`${preset.quirks.maxTokensParam}\``,
        preset.quirks.reasoningField === null ? expect.any(String) : `\`${preset.quirks.reasoningField}\``,
        preset.quirks.reasoningHistory === 'omit' ? 'never' : 'on tool-call turns',
      ]);
    }
  });

  it('knows its names', () => {
    expect(isPresetName('groq')).toBe(true);
    expect(isPresetName('toString')).toBe(false);
    expect(isPresetName('openai')).toBe(false);
  });
});

describe('preset plugins', () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await startReplayServer();
  });
  afterAll(async () => {
    await replay.close();
  });
  beforeEach(() => {
    replay.reset();
    for (const name of presetNames) {
      const env = presets[name].apiKeyEnv;
      if (env !== null) vi.stubEnv(env, '');
    }
    vi.stubEnv('OPENAI_API_KEY', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each(presetNames)('is named %s', (name) => {
    expect(openai.preset(name).name).toBe(name);
  });

  it('resolves a registry spec once registered (groq:llama-3.3-70b)', () => {
    const registry = createRegistry([openai.preset('groq')]);
    const llm = registry.resolve('groq:llama-3.3-70b');
    expect({ provider: llm.provider, modelId: llm.modelId }).toEqual({ provider: 'groq', modelId: 'llama-3.3-70b' });
  });

  it('streams from the replay server with the key from GROQ_API_KEY, at /v1/chat/completions', async () => {
    vi.stubEnv('GROQ_API_KEY', 'gsk_Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz');
    const registry = createRegistry([openai.preset('groq', { baseURL: replay.baseURL('openai') })]);
    const message = await complete(hi, 'groq:groq-x-groq-usage', { registry });
    expect(message).toMatchObject({ content: 'Fast inference is fun.', usage: { inputTokens: 44, outputTokens: 5 } });
    const request = replay.requests[0]!;
    expect({ path: request.path, authorization: request.headers.authorization }).toEqual({
      path: '/v1/chat/completions',
      authorization: 'Bearer gsk_Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz',
    });
    expect(request.body).toMatchObject({ max_completion_tokens: 64, stream_options: { include_usage: true } });
  });

  it.each<[PresetName, string]>([
    ['groq', 'GROQ_API_KEY'],
    ['deepseek', 'DEEPSEEK_API_KEY'],
    ['openrouter', 'OPENROUTER_API_KEY'],
    ['perplexity', 'PERPLEXITY_API_KEY'],
  ])('reports a missing key for %s at request time, naming %s', async (name, env) => {
    const plugin = openai.preset(name, { baseURL: replay.baseURL('openai') });
    const error = await failure(() => drain(plugin.languageModel('text-basic').createChatCompletionStream(hi)));
    expect({ code: error.code, provider: error.provider }).toEqual({ code: 'auth', provider: name });
    expect(error.message).toBe(
      `${name}: no API key. Set the ${env} environment variable or pass { apiKey } to openai.preset('${name}').`,
    );
    expect(replay.requests).toHaveLength(0);
  });

  it.each<PresetName>(['ollama', 'lmstudio', 'vllm'])(
    'sends %s requests without a key and without an Authorization header',
    async (name) => {
      await drain(
        openai
          .preset(name, { baseURL: replay.baseURL('openai') })
          .languageModel('text-basic')
          .createChatCompletionStream(hi),
      );
      expect(replay.requests[0]!.headers).not.toHaveProperty('authorization');
    },
  );

  it('sends VLLM_API_KEY when it is set', async () => {
    vi.stubEnv('VLLM_API_KEY', 'vllm-secret-token-42');
    await drain(
      openai
        .preset('vllm', { baseURL: replay.baseURL('openai') })
        .languageModel('text-basic')
        .createChatCompletionStream(hi),
    );
    expect(replay.requests[0]!.headers.authorization).toBe('Bearer vllm-secret-token-42');
  });

  it('uses an explicit apiKey over the variable', async () => {
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-env-000000000000');
    await drain(
      openai
        .preset('deepseek', { baseURL: replay.baseURL('openai'), apiKey: 'sk-opt-111111111111' })
        .languageModel('deepseek-reasoning')
        .createChatCompletionStream(hi),
    );
    expect(replay.requests[0]!.headers.authorization).toBe('Bearer sk-opt-111111111111');
  });

  it("does not send OpenAI's organization and project headers to other services", async () => {
    vi.stubEnv('OPENAI_ORG_ID', 'org-should-not-leak');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj_should_not_leak');
    await drain(
      openai
        .preset('together', { baseURL: replay.baseURL('openai'), apiKey: 'tk' })
        .languageModel('text-basic')
        .createChatCompletionStream(hi),
    );
    const headers = replay.requests[0]!.headers;
    expect(headers).not.toHaveProperty('openai-organization');
    expect(headers).not.toHaveProperty('openai-project');
  });

  it.each<[PresetName, Record<string, unknown>, string[]]>([
    ['deepseek', { max_tokens: 64, stream_options: { include_usage: true }, seed: 7 }, ['max_completion_tokens']],
    ['mistral', { max_tokens: 64, random_seed: 7 }, ['stream_options', 'max_completion_tokens', 'seed']],
    ['perplexity', { max_tokens: 64 }, ['stream_options']],
    ['xai', { max_completion_tokens: 64 }, ['max_tokens']],
    ['ollama', { max_tokens: 64, stream_options: { include_usage: true } }, []],
  ])("applies %s's quirks to the request body", async (name, present, absent) => {
    await drain(
      openai
        .preset(name, { baseURL: replay.baseURL('openai'), apiKey: 'k' })
        .languageModel('text-basic')
        .createChatCompletionStream({ ...hi, seed: 7 }),
    );
    const body = replay.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject(present);
    for (const key of absent) expect(body).not.toHaveProperty(key);
  });

  it('merges providerOptions.openai and then providerOptions[<preset>]', async () => {
    await drain(
      openai
        .preset('openrouter', { baseURL: replay.baseURL('openai'), apiKey: 'k' })
        .languageModel('text-basic')
        .createChatCompletionStream({
          ...hi,
          providerOptions: { openai: { user: 'a', top_k: 1 }, openrouter: { top_k: 40, models: ['x/y'] } },
        }),
    );
    expect(replay.requests[0]!.body).toMatchObject({ user: 'a', top_k: 40, models: ['x/y'] });
  });

  it('sends reasoning_content back on DeepSeek tool-call turns only', async () => {
    const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };
    await drain(
      openai
        .preset('deepseek', { baseURL: replay.baseURL('openai'), apiKey: 'k' })
        .languageModel('text-basic')
        .createChatCompletionStream({
          messages: [
            { role: 'user', content: 'Weather?' },
            { role: 'assistant', content: '', reasoning: 'I should call the tool.', toolCalls: [call] },
            { role: 'tool', toolCallId: 'call_1', content: '21°C' },
            { role: 'assistant', content: 'It is 21°C.', reasoning: 'Report it.' },
            { role: 'user', content: 'Thanks' },
          ],
        }),
    );
    const messages = (replay.requests[0]!.body as { messages: Record<string, unknown>[] }).messages;
    expect(messages[1]).toMatchObject({ role: 'assistant', reasoning_content: 'I should call the tool.' });
    expect(messages[3]).toEqual({ role: 'assistant', content: 'It is 21°C.' });
  });

  it('maps DeepSeek reasoning_content through core into message.reasoning', async () => {
    const registry = createRegistry([openai.preset('deepseek', { baseURL: replay.baseURL('openai'), apiKey: 'k' })]);
    const message = await complete(hi, 'deepseek:deepseek-reasoning', { registry });
    expect(message.reasoning).toBe('Okay, the user asks for 9.11 vs 9.8. 0.80 > 0.11.');
    expect(message.content).toBe('9.8 is larger.');
  });

  it('lets options override the name and the quirks', async () => {
    const plugin = openai.preset('ollama', {
      name: 'gpu-box',
      baseURL: replay.baseURL('openai'),
      quirks: { maxTokensParam: 'max_completion_tokens' },
    });
    expect(plugin.name).toBe('gpu-box');
    await drain(plugin.languageModel('text-basic').createChatCompletionStream(hi));
    expect(replay.requests[0]!.body).toMatchObject({ max_completion_tokens: 64 });
  });

  it('rejects an unknown preset, listing the known ones', () => {
    expect(() => openai.preset('grok' as PresetName)).toThrow(
      /Unknown OpenAI-compatible preset "grok"\. Presets: ollama, vllm/,
    );
  });
});

describe('preset base URL paths, through the SDK', () => {
  // A loopback server that answers any path with a recorded stream, so each preset's own
  // path (`/openai/v1`, `/inference/v1`, none for Perplexity) is checked as the SDK sends it.
  let http: Server;
  let origin: string;
  const seen: Array<{ url: string | undefined; headers: IncomingHttpHeaders }> = [];
  const body = readFileSync(new URL('../../conformance/recordings/openai/text-basic.sse', import.meta.url));

  beforeAll(async () => {
    http = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it.each(presetNames)('posts %s requests to <its base path>/chat/completions', async (name) => {
    seen.length = 0;
    const path = new URL(presets[name].baseURL).pathname.replace(/\/$/, '');
    await drain(
      openai
        .preset(name, { baseURL: `${origin}${path}`, apiKey: 'k-123' })
        .languageModel('m')
        .createChatCompletionStream(hi),
    );
    expect(seen.map((request) => request.url)).toEqual([`${path}/chat/completions`]);
  });
});
