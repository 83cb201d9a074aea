// End to end: middleware on models resolved from spec strings, with the real vendor SDKs
// against the replay server.
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { loadRecording, type ReplayServer, startReplayServer } from '@switchyard/conformance';
import {
  complete,
  createRegistry,
  extractReasoning,
  logging,
  type ProviderPlugin,
  streamChatCompletion,
  wrapModel,
  wrapRegistry,
} from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fast, hi, replayPlugins, type Vendor } from './helpers.js';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const plugins = (): Record<Vendor, ProviderPlugin> => replayPlugins(server);

describe('middleware on spec strings through the real adapters', () => {
  it('logs one line per call for models resolved from a registry', async () => {
    const lines: string[] = [];
    const { openai: o, anthropic: a, google: g } = plugins();
    const registry = wrapRegistry(
      createRegistry([o, a, g]),
      logging((line) => lines.push(line)),
    );
    for (const spec of ['openai:text-basic', 'anthropic:text-basic', 'google:text-basic']) {
      await complete(hi, spec, { registry });
    }
    expect(lines.map((line) => line.replace(/ id=\S+/, '').replace(/ ms=\d+$/, ''))).toEqual([
      'switchyard openai:text-basic finish=stop in=1203 out=8',
      `switchyard anthropic:text-basic finish=stop in=${loadRecording('anthropic', 'text-basic').expected.usage!.inputTokens} out=${loadRecording('anthropic', 'text-basic').expected.usage!.outputTokens}`,
      `switchyard google:text-basic finish=stop in=${loadRecording('google', 'text-basic').expected.usage!.inputTokens} out=${loadRecording('google', 'text-basic').expected.usage!.outputTokens}`,
    ]);
    expect(lines.join('\n')).not.toMatch(/sk-|AIza|test-0123/);
  });

  it('logs the failed attempt and the retry that answered', async () => {
    const lines: string[] = [];
    const registry = wrapRegistry(
      createRegistry([plugins().openai]),
      logging((line) => lines.push(line)),
    );
    await complete(hi, 'openai:text-basic~status-429~failfirst-1~retry-0.001', { registry, retryDelay: fast });
    expect(lines.map((line) => line.replace(/ id=\S+/, '').replace(/ ms=\d+$/, ''))).toEqual([
      'switchyard openai:text-basic~status-429~failfirst-1~retry-0.001 error=rate_limit status=429',
      'switchyard openai:text-basic~status-429~failfirst-1~retry-0.001 finish=stop in=1203 out=8',
    ]);
  });

  it("keeps the keys out of a wrapped model's JSON and inspect output", () => {
    for (const [vendor, plugin] of Object.entries(plugins())) {
      const wrapped = wrapModel(
        plugin.languageModel('text-basic'),
        logging(() => {}),
      );
      const shown = `${JSON.stringify(wrapped)} ${inspect(wrapped, { depth: 5 })}`;
      expect(shown, vendor).not.toMatch(/sk-test|sk-ant-test|AIza-test/);
    }
  });
});

describe('extractReasoning through the openai adapter (an Ollama-served DeepSeek-R1 stream)', () => {
  let local: ReplayServer;
  beforeAll(async () => {
    local = await startReplayServer({ recordingsDir: fileURLToPath(new URL('./recordings', import.meta.url)) });
  });
  afterAll(async () => {
    await local.close();
  });

  const ollama = () => openai({ name: 'ollama', baseURL: local.baseURL('openai'), apiKey: 'ollama' });

  it.each(['events', 'bytes-1', 'bytes-7'])('splits reasoning from the answer (%s writes)', async (mode) => {
    const id = mode === 'events' ? 'ollama-r1-think' : `ollama-r1-think~${mode}`;
    const reasoning: string[] = [];
    const message = await streamChatCompletion(
      hi,
      { onReasoning: (delta) => reasoning.push(delta) },
      wrapModel(ollama().languageModel(id), extractReasoning()),
    );
    expect(message.reasoning).toBe('\nThe user asks for 2+2. That is 4.\n');
    expect(message.content).toBe('\n\n2 + 2 = 4.');
    expect(reasoning.join('')).toBe(message.reasoning);
    expect(message.usage).toMatchObject({ inputTokens: 9, outputTokens: 27 });
  });

  it('leaves the text as it is without the middleware (the recording carries the tags)', async () => {
    const message = await complete(hi, ollama().languageModel('ollama-r1-think'));
    expect(message.content).toBe(
      loadRecording('openai', 'ollama-r1-think', fileURLToPath(new URL('./recordings', import.meta.url))).expected
        .content,
    );
    expect(message.reasoning).toBeUndefined();
  });
});
