// The one loop (hooks, timeouts, the caller's signal) through every adapter's real SDK,
// against the replay server on 127.0.0.1.
import { getEventListeners } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { anthropic } from '@switchyard/anthropic';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import {
  type ChatCompletionRequest,
  complete,
  type Hooks,
  isLLMError,
  type LLM,
  type LLMError,
} from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let server: ReplayServer;
// Accepts connections and never answers: no status line, no headers.
let silent: Server;
const silentSockets = new Set<Socket>();
let silentOrigin = '';
beforeAll(async () => {
  server = await startReplayServer();
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentOrigin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  await server.close();
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});
beforeEach(() => server.reset());

const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const fast = { initialMs: 1, maxMs: 2 };

interface Vendor {
  name: string;
  model(id: string): LLM;
  /** The same adapter pointed at a server that never answers. */
  silentModel(): LLM;
  /** A body offset after the first text of `text-basic` and before its finish. */
  afterOutput: number;
  /** The request id the replay server sends (Gemini documents no such header). */
  requestId: string | undefined;
}

const vendors: Vendor[] = [
  {
    name: 'openai',
    model: (id) => openai({ baseURL: server.baseURL('openai'), apiKey: 'sk-test-0123456789abcdef' }).languageModel(id),
    silentModel: () => openai({ baseURL: `${silentOrigin}/v1`, apiKey: 'sk-test-0123456789abcdef' }).languageModel('m'),
    afterOutput: 700,
    requestId: 'req_replay',
  },
  {
    name: 'anthropic',
    model: (id) => anthropic({ baseURL: server.origin, apiKey: 'test-key-0123456789' }).languageModel(id),
    silentModel: () => anthropic({ baseURL: silentOrigin, apiKey: 'test-key-0123456789' }).languageModel('m'),
    afterOutput: 760,
    requestId: 'req_011CReplayServer0000000000',
  },
  {
    name: 'google',
    model: (id) => google({ baseURL: server.baseURL('google'), apiKey: 'test-key-0123456789' }).languageModel(id),
    silentModel: () => google({ baseURL: silentOrigin, apiKey: 'test-key-0123456789' }).languageModel('m'),
    afterOutput: 320,
    requestId: undefined,
  },
];

type HookName = keyof Hooks;

function recorder(): { hooks: Hooks; names: HookName[]; infos: Array<Record<string, unknown>> } {
  const names: HookName[] = [];
  const infos: Array<Record<string, unknown>> = [];
  const record = (name: HookName) => (info: unknown) => {
    names.push(name);
    infos.push(info as Record<string, unknown>);
  };
  return {
    names,
    infos,
    hooks: {
      onRequest: record('onRequest'),
      onResponse: record('onResponse'),
      onRetry: record('onRetry'),
      onFallback: record('onFallback'),
      onFinish: record('onFinish'),
      onError: record('onError'),
    },
  };
}

async function failure(run: Promise<unknown>): Promise<LLMError> {
  try {
    await run;
  } catch (error) {
    if (isLLMError(error)) return error;
    throw new Error(`expected an LLMError, got ${String(error)}`);
  }
  throw new Error('expected a failure');
}

describe.each(vendors)('$name through the one loop', (vendor) => {
  it('fires onRequest, onResponse and onFinish once, with the vendor response id and model', async () => {
    const { hooks, names, infos } = recorder();
    const message = await complete(hi, vendor.model('text-basic'), { hooks });
    expect(names).toEqual(['onRequest', 'onResponse', 'onFinish']);
    expect(infos[2]).toMatchObject({ provider: vendor.name, finishReason: 'stop', responseId: message.id });
    expect(message.provider).toBe(vendor.name);
    expect(message.id).toEqual(expect.any(String));
    expect(message.model).toEqual(expect.any(String));
  });

  it('gives onResponse the HTTP status (and the request id the vendor sent) from the adapter', async () => {
    const { hooks, names, infos } = recorder();
    await complete(hi, vendor.model('text-basic'), { hooks });
    expect(names[1]).toBe('onResponse');
    expect(infos[1]).toMatchObject({ status: 200, attempt: 1 });
    expect(infos[1]?.requestId).toBe(vendor.requestId);
  });

  it('fires onRetry once for a 503 that the retry clears', async () => {
    const { hooks, names, infos } = recorder();
    await complete(hi, vendor.model('text-basic~status-503~failfirst-1'), { hooks, retryDelay: fast });
    expect(names).toEqual(['onRequest', 'onRetry', 'onRequest', 'onResponse', 'onFinish']);
    expect(infos[1]).toMatchObject({ code: 'overloaded', status: 503, attempt: 1 });
  });

  it("reports the vendor's Retry-After as the retry's delay", async () => {
    const { hooks, names, infos } = recorder();
    await complete(hi, vendor.model('text-basic~status-429~retry-0.05~failfirst-1'), { hooks, retryDelay: fast });
    expect(names).toEqual(['onRequest', 'onRetry', 'onRequest', 'onResponse', 'onFinish']);
    expect(infos[1]).toMatchObject({ code: 'rate_limit', status: 429 });
    expect(infos[1]?.delayMs).toBeGreaterThanOrEqual(50);
  });

  it('fires onFallback once and keeps the first error when the fallback fails too', async () => {
    const { hooks, names } = recorder();
    const error = await failure(
      complete(hi, vendor.model('text-basic~status-503'), {
        hooks,
        maxRetries: 0,
        fallbacks: [vendor.model('text-basic~status-400')],
      }),
    );
    expect(names).toEqual(['onRequest', 'onFallback', 'onRequest', 'onError']);
    expect(error.status).toBe(503);
    expect(error.attempts?.map((attempt) => attempt.status)).toEqual([503, 400]);
  });

  it('fires onFallback then onFinish when the fallback answers', async () => {
    const { hooks, names } = recorder();
    await complete(hi, vendor.model('text-basic~status-400'), { hooks, fallbacks: [vendor.model('text-basic')] });
    expect(names).toEqual(['onRequest', 'onFallback', 'onRequest', 'onResponse', 'onFinish']);
  });

  it('fires onError once with the partial when the connection is cut after output', async () => {
    const { hooks, names, infos } = recorder();
    const error = await failure(
      complete(hi, vendor.model(`text-basic~cut-${vendor.afterOutput}`), { hooks, retryDelay: fast }),
    );
    expect(names).toEqual(['onRequest', 'onResponse', 'onError']);
    expect(error.code).toBe('stream_truncated');
    expect(infos[2]?.partial).toMatchObject({ provider: vendor.name });
    expect(error.partial?.content).not.toBe('');
  });

  it('fires onError once with aborted when the caller aborts mid-stream', async () => {
    const { hooks, names } = recorder();
    const controller = new AbortController();
    const error = await failure(
      complete(hi, vendor.model(`text-basic~stall-${vendor.afterOutput}`), {
        hooks: [hooks, { onResponse: () => setTimeout(() => controller.abort(), 20) }],
        signal: controller.signal,
      }),
    );
    expect(error.code).toBe('aborted');
    expect(names).toEqual(['onRequest', 'onResponse', 'onError']);
  });

  it('ends a stream that stalls after the headers with timeout (idleTimeoutMs)', async () => {
    const started = performance.now();
    const error = await failure(
      complete(hi, vendor.model('text-basic~stall-0'), { idleTimeoutMs: 200, maxRetries: 0 }),
    );
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('ends a request whose server never sends headers with timeout (idleTimeoutMs)', async () => {
    const started = performance.now();
    const error = await failure(complete(hi, vendor.silentModel(), { idleTimeoutMs: 200, maxRetries: 0 }));
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('ends a stream that stalls after output with timeout, keeping the partial', async () => {
    const error = await failure(
      // Long enough for the first text to arrive on a loaded machine; the stall comes after it.
      complete(hi, vendor.model(`text-basic~stall-${vendor.afterOutput}`), { idleTimeoutMs: 1_500 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.partial?.content).not.toBe('');
    expect(server.requests).toHaveLength(1);
  });

  it('ends a call that stalls before any chunk with timeout (timeoutMs)', async () => {
    const started = performance.now();
    const error = await failure(complete(hi, vendor.model('text-basic~stall-0'), { timeoutMs: 300, idleTimeoutMs: 0 }));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('leaves no listener on a long-lived signal after 2,000 calls', async () => {
    const controller = new AbortController();
    const signal = controller.signal;
    const model = vendor.model('text-basic');
    for (let batch = 0; batch < 100; batch++) {
      const calls: Array<Promise<unknown>> = [];
      for (let i = 0; i < 20; i++) calls.push(complete(hi, model, { signal }));
      await Promise.all(calls);
    }
    expect(server.requests).toHaveLength(2_000);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  }, 120_000);
});

describe('openai({ api: "responses" }) through the one loop', () => {
  const responses = (id: string): LLM =>
    openai({
      baseURL: server.baseURL('openai-responses'),
      apiKey: 'sk-test-0123456789abcdef',
      api: 'responses',
    }).languageModel(id);

  it('gives onResponse the HTTP status and the request id', async () => {
    const { hooks, names, infos } = recorder();
    await complete(hi, responses('text-basic'), { hooks });
    expect(names).toEqual(['onRequest', 'onResponse', 'onFinish']);
    expect(infos[1]).toMatchObject({ status: 200, requestId: 'req_replay' });
  });

  it('reports every network read of the body to onActivity (the idle timeout counts it)', async () => {
    let reads = 0;
    let chunks = 0;
    const stream = responses('text-basic').createChatCompletionStream(hi, {
      onActivity: () => {
        reads++;
      },
    });
    for await (const _ of stream) chunks++;
    expect(chunks).toBeGreaterThan(0);
    expect(reads).toBeGreaterThan(0);
  });
});
