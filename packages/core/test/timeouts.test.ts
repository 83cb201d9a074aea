import { getEventListeners } from 'node:events';
import { type ChatChunk, chatStream, complete, type LLM, streamChatCompletion } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { fastRetry, rejectionOf, request, serverError, text } from './helpers.js';

/** Plays `chunks`, then waits for its signal forever (a server that stalls). Counts requests. */
function stallingModel(chunks: ChatChunk[] = []): LLM & { requests: number } {
  const model = {
    provider: 'stall',
    modelId: 'stall-1',
    requests: 0,
    async *createChatCompletionStream(_request: unknown, options: { signal?: AbortSignal } = {}) {
      model.requests += 1;
      for (const chunk of chunks) yield chunk;
      const signal = options.signal;
      await new Promise((_resolve, reject) => {
        if (signal === undefined) return;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
  return model;
}

describe('idleTimeoutMs', () => {
  it('ends a stream that stalls before any chunk with a retryable timeout', async () => {
    const started = performance.now();
    const error = await rejectionOf(complete(request, stallingModel(), { idleTimeoutMs: 50, maxRetries: 0 }));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('idleTimeoutMs');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('retries an attempt that went idle before any output', async () => {
    const model = createScriptedModel({
      attempts: [{ chunks: textChunks('late'), delayMs: 1_000 }, { chunks: textChunks('ok') }],
    });
    const message = await complete(request, model, { idleTimeoutMs: 50, retryDelay: fastRetry });
    expect(message.content).toBe('ok');
    expect(model.requests).toHaveLength(2);
  });

  it('keeps the partial and does not retry when the stream stalls after output', async () => {
    const model = stallingModel([text('Hel'), text('lo')]);
    const error = await rejectionOf(complete(request, model, { idleTimeoutMs: 50, retryDelay: fastRetry }));
    expect(error.code).toBe('timeout');
    expect(error.partial?.content).toBe('Hello');
    expect(model.requests).toBe(1);
  });

  it('measures the time between chunks, not the whole stream', async () => {
    // 24 chunks 30 ms apart: the stream outlasts the idle timeout; no gap comes near it.
    const model = createScriptedModel({ chunks: textChunks('a b c d e f g h i j k l', { size: 1 }), delayMs: 30 });
    const message = await complete(request, model, { idleTimeoutMs: 300 });
    expect(message.content).toBe('a b c d e f g h i j k l');
  });

  it('does not count the time a slow consumer holds the stream', async () => {
    const model = createScriptedModel({ chunks: textChunks('abc', { size: 1 }) });
    let content = '';
    for await (const event of chatStream(request, model, { idleTimeoutMs: 30 })) {
      if (event.type === 'token') content += event.text;
      await new Promise((resolve) => setTimeout(resolve, 80));
    }
    expect(content).toBe('abc');
  });

  it('counts bytes an adapter reports through onActivity, not only chunks', async () => {
    // One long event still arriving: no chunk for 400 ms, but bytes every 20 ms.
    const model: LLM = {
      provider: 'slow-event',
      modelId: 'm',
      async *createChatCompletionStream(_request, options = {}) {
        for (let i = 0; i < 20; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          options.onActivity?.();
        }
        yield* textChunks('whole');
      },
    };
    const message = await complete(request, model, { idleTimeoutMs: 150, maxRetries: 0 });
    expect(message.content).toBe('whole');
  });

  it.each([0, Number.POSITIVE_INFINITY])('is off with idleTimeoutMs: %s', async (idleTimeoutMs) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await rejectionOf(
      complete(request, stallingModel(), { idleTimeoutMs, signal: controller.signal, maxRetries: 0 }),
    );
    expect(error.code).toBe('aborted');
  });
});

describe('timeoutMs', () => {
  it('ends a call that stalls before any chunk with a timeout that is not retried', async () => {
    const model = stallingModel();
    const started = performance.now();
    const error = await rejectionOf(complete(request, model, { timeoutMs: 100, idleTimeoutMs: 0 }));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('timeoutMs');
    expect(model.requests).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('counts retries and their backoff: a backoff past the deadline ends the call at once', async () => {
    const model = createScriptedModel({ attempts: [{ error: serverError() }, { chunks: textChunks('ok') }] });
    const started = performance.now();
    const error = await rejectionOf(
      complete(request, model, { timeoutMs: 200, retryDelay: { initialMs: 60_000, maxMs: 60_000 } }),
    );
    expect(error.code).toBe('timeout');
    expect(error.attempts?.[0]?.code).toBe('server');
    expect(model.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('keeps the partial of a call that times out after output', async () => {
    const error = await rejectionOf(complete(request, stallingModel([text('part')]), { timeoutMs: 80 }));
    expect(error.code).toBe('timeout');
    expect(error.partial?.content).toBe('part');
  });

  it('lets a call that finishes in time complete', async () => {
    const message = await complete(request, createScriptedModel({ chunks: textChunks('quick') }), { timeoutMs: 5_000 });
    expect(message.content).toBe('quick');
  });
});

describe("the caller's signal", () => {
  it('carries no listener after calls settle, whichever way they end', async () => {
    const controller = new AbortController();
    const signal = controller.signal;
    const ok = createScriptedModel({ chunks: textChunks('ok') });
    const failing = createScriptedModel({ attempts: [{ error: serverError() }] });
    for (let i = 0; i < 50; i++) {
      await complete(request, ok, { signal });
      await streamChatCompletion(request, {}, ok, { signal });
      for await (const _ of chatStream(request, ok, { signal })) {
        // drain
      }
      for await (const _ of chatStream(request, ok, { signal })) break;
      await rejectionOf(complete(request, failing, { signal, retryDelay: fastRetry }));
      await rejectionOf(complete(request, stallingModel(), { signal, idleTimeoutMs: 1, maxRetries: 0 }));
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('still aborts a running call (one listener while it runs)', async () => {
    const controller = new AbortController();
    const done = complete(request, stallingModel(), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect((await rejectionOf(done)).code).toBe('aborted');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
