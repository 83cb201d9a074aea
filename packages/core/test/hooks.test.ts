import {
  chatStream,
  complete,
  createRegistry,
  type Hooks,
  LLMError,
  type OutputMessage,
  streamChatCompletion,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createHookRunner } from '../src/hooks.js';
import { runStream } from '../src/run-stream.js';
import { deltaChunk, fastRetry, finish, rejectionOf, request, serverError, text } from './helpers.js';

type HookName = keyof Hooks;
interface Recorded {
  name: HookName;
  info: Record<string, unknown>;
}

/** Hooks that record every call, in order. */
function recorder(): { hooks: Required<Hooks>; calls: Recorded[]; count(name: HookName): number } {
  const calls: Recorded[] = [];
  const make =
    (name: HookName) =>
    (info: unknown): void => {
      calls.push({ name, info: info as Record<string, unknown> });
    };
  return {
    calls,
    hooks: {
      onRequest: make('onRequest'),
      onResponse: make('onResponse'),
      onRetry: make('onRetry'),
      onFallback: make('onFallback'),
      onFinish: make('onFinish'),
      onError: make('onError'),
    },
    count: (name) => calls.filter((call) => call.name === name).length,
  };
}

const NOOP_SINK = { start() {}, token() {}, reasoning() {}, toolCall() {} };

describe('hooks on a call that succeeds', () => {
  it('fires onRequest, onResponse and onFinish once each, in that order', async () => {
    const { hooks, calls } = recorder();
    await complete(request, createScriptedModel({ chunks: textChunks('hello') }), { hooks });
    expect(calls.map((call) => call.name)).toEqual(['onRequest', 'onResponse', 'onFinish']);
  });

  it('describes the call: provider, model, attempt, candidate, the request, ids and timings', async () => {
    const { hooks, calls } = recorder();
    const model = createScriptedModel({
      provider: 'acme',
      modelId: 'm-1',
      chunks: [
        deltaChunk({ content: 'hi' }, { id: 'resp-1', model: 'm-1-2026' }),
        { ...finish(), usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } },
      ],
    });
    await complete(request, model, { hooks });
    const [onRequest, onResponse, onFinish] = calls.map((call) => call.info);
    expect(onRequest).toMatchObject({ provider: 'acme', model: 'm-1', attempt: 1, candidate: 0, request });
    expect(typeof onRequest?.callId).toBe('number');
    expect(onResponse).toMatchObject({ responseId: 'resp-1', responseModel: 'm-1-2026' });
    expect(onResponse?.timeToFirstChunkMs).toBeGreaterThanOrEqual(0);
    expect(onFinish).toMatchObject({
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      responseId: 'resp-1',
      responseModel: 'm-1-2026',
    });
    expect(onFinish?.timeToFirstTokenMs).toEqual(expect.any(Number));
    expect(onFinish?.totalMs as number).toBeGreaterThanOrEqual(onFinish?.timeToFirstTokenMs as number);
    expect((onFinish?.message as OutputMessage | undefined)?.content).toBe('hi');
    expect(new Set(calls.map((call) => call.info.callId)).size).toBe(1);
  });

  it('leaves timeToFirstTokenMs out when no text or reasoning arrived (only a tool call)', async () => {
    const { hooks, calls } = recorder();
    const model = createScriptedModel({
      chunks: [deltaChunk({ toolCalls: [{ index: 0, id: 'a', name: 'f', arguments: '{}' }] }), finish('tool_calls')],
    });
    await complete(request, model, { hooks });
    expect(calls.at(-1)?.name).toBe('onFinish');
    expect('timeToFirstTokenMs' in (calls.at(-1)?.info ?? {})).toBe(false);
  });

  it('gives every call its own callId', async () => {
    const { hooks, calls } = recorder();
    const model = createScriptedModel({ chunks: textChunks('x') });
    await complete(request, model, { hooks });
    await complete(request, model, { hooks });
    expect(new Set(calls.map((call) => call.info.callId)).size).toBe(2);
  });

  it('calls every hook object of an array', async () => {
    const first = recorder();
    const second = recorder();
    await complete(request, createScriptedModel({ chunks: textChunks('x') }), { hooks: [first.hooks, second.hooks] });
    expect(first.count('onFinish')).toBe(1);
    expect(second.count('onFinish')).toBe(1);
  });

  it('works from streamChatCompletion and chatStream iteration alike', async () => {
    const a = recorder();
    await streamChatCompletion(request, {}, createScriptedModel({ chunks: textChunks('x') }), { hooks: a.hooks });
    const b = recorder();
    for await (const _ of chatStream(request, createScriptedModel({ chunks: textChunks('x') }), { hooks: b.hooks })) {
      // drain
    }
    expect([a.count('onFinish'), b.count('onFinish')]).toEqual([1, 1]);
  });

  it('passes the step of a tool loop to every hook', async () => {
    const { hooks, calls } = recorder();
    await runStream(request, createScriptedModel({ chunks: textChunks('x') }), { hooks }, NOOP_SINK, undefined, {
      step: 2,
      callId: 77,
    });
    expect(calls.every((call) => call.info.step === 2 && call.info.callId === 77)).toBe(true);
  });
});

describe('hooks on retries, fallbacks and failures', () => {
  it('fires onRetry before each backoff with its delay, and onRequest per attempt', async () => {
    const { hooks, calls, count } = recorder();
    const model = createScriptedModel({
      attempts: [{ error: serverError() }, { error: serverError() }, { chunks: textChunks('ok') }],
    });
    await complete(request, model, { hooks, retryDelay: fastRetry });
    expect(calls.map((call) => call.name)).toEqual([
      'onRequest',
      'onRetry',
      'onRequest',
      'onRetry',
      'onRequest',
      'onResponse',
      'onFinish',
    ]);
    const retries = calls.filter((call) => call.name === 'onRetry').map((call) => call.info);
    expect(retries.map((info) => [info.attempt, info.code, info.status])).toEqual([
      [1, 'server', 500],
      [2, 'server', 500],
    ]);
    expect(retries.every((info) => typeof info.delayMs === 'number')).toBe(true);
    expect(count('onError')).toBe(0);
  });

  it('fires onFallback when moving to the next model, naming it', async () => {
    const { hooks, calls } = recorder();
    const primary = createScriptedModel({ provider: 'a', attempts: [{ error: new LLMError('no', { code: 'auth' }) }] });
    const backup = createScriptedModel({ provider: 'b', modelId: 'backup-1', chunks: textChunks('ok') });
    await complete(request, primary, { hooks, fallbacks: [backup] });
    expect(calls.map((call) => call.name)).toEqual(['onRequest', 'onFallback', 'onRequest', 'onResponse', 'onFinish']);
    expect(calls[1]?.info).toMatchObject({ provider: 'a', code: 'auth', next: { provider: 'b', model: 'backup-1' } });
    expect(calls[2]?.info).toMatchObject({ provider: 'b', attempt: 2, candidate: 1 });
  });

  it('fires onError once when every attempt failed, never onFinish', async () => {
    const { hooks, count, calls } = recorder();
    const model = createScriptedModel({ attempts: [{ error: serverError() }] });
    const error = await rejectionOf(complete(request, model, { hooks, maxRetries: 1, retryDelay: fastRetry }));
    expect([count('onError'), count('onFinish'), count('onRetry')]).toEqual([1, 0, 1]);
    expect(calls.at(-1)?.info).toMatchObject({ code: 'server', status: 500, error });
  });

  it('fires onError once with the partial when the stream breaks after output', async () => {
    const { hooks, count, calls } = recorder();
    const model = createScriptedModel({ attempts: [{ chunks: [text('Hel'), text('lo')], error: serverError() }] });
    await rejectionOf(complete(request, model, { hooks, retryDelay: fastRetry }));
    expect([count('onResponse'), count('onError'), count('onRetry')]).toEqual([1, 1, 0]);
    expect((calls.at(-1)?.info.partial as OutputMessage | undefined)?.content).toBe('Hello');
    expect(calls.at(-1)?.info.timeToFirstTokenMs).toEqual(expect.any(Number));
  });

  it('fires onError once with aborted when the caller aborts', async () => {
    const { hooks, count, calls } = recorder();
    const controller = new AbortController();
    const model = createScriptedModel({ chunks: textChunks('a long answer', { size: 1 }), delayMs: 5 });
    const done = complete(request, model, {
      hooks: [hooks, { onResponse: () => controller.abort() }],
      signal: controller.signal,
    });
    await rejectionOf(done);
    expect(count('onError')).toBe(1);
    expect(calls.at(-1)?.info.code).toBe('aborted');
  });

  it('fires onError once, without onRequest, for a request refused before sending', async () => {
    const { hooks, calls } = recorder();
    const registry = createRegistry([]);
    await rejectionOf(complete(request, 'nosuch:model', { hooks, registry }));
    expect(calls.map((call) => call.name)).toEqual(['onError']);
    expect(calls[0]?.info.code).toBe('invalid_request');
  });
});

describe('a hook that throws', () => {
  it('never breaks the stream: the call completes', async () => {
    const message = await complete(request, createScriptedModel({ chunks: textChunks('fine') }), {
      hooks: {
        onRequest() {
          throw new Error('hook bug');
        },
        onFinish() {
          throw new Error('hook bug');
        },
      },
    });
    expect(message.content).toBe('fine');
  });

  it('is reported once through onHookError and then ignored for the rest of the call', async () => {
    const onHookError = vi.fn();
    const onRetry = vi.fn(() => {
      throw new Error('retry hook bug');
    });
    const model = createScriptedModel({
      attempts: [{ error: serverError() }, { error: serverError() }, { chunks: textChunks('ok') }],
    });
    await complete(request, model, { hooks: { onRetry }, onHookError, retryDelay: fastRetry });
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onHookError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ message: 'retry hook bug' }),
      'onRetry',
    );
  });

  it('does not silence the other hooks of the call', async () => {
    const onFinish = vi.fn();
    await complete(request, createScriptedModel({ chunks: textChunks('x') }), {
      hooks: [
        {
          onRequest() {
            throw new Error('bug');
          },
        },
        { onFinish },
      ],
    });
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it('survives an onHookError that throws too', async () => {
    const message = await complete(request, createScriptedModel({ chunks: textChunks('x') }), {
      hooks: {
        onRequest() {
          throw new Error('bug');
        },
      },
      onHookError() {
        throw new Error('reporter bug');
      },
    });
    expect(message.content).toBe('x');
  });
});

describe('no hooks', () => {
  it('builds no runner at all (so no info object is ever made)', () => {
    expect(createHookRunner(undefined)).toBeUndefined();
    expect(createHookRunner([])).toBeUndefined();
  });
});
