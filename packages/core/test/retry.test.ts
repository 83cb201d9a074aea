import { createRegistry, LLMError, type LLMErrorCode, streamChatCompletion } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryDelay, sleep } from '../src/retry.js';
import { fastRetry, rejectionOf, request, role, serverError, text } from './helpers.js';

const retryable = (retryAfterMs?: number): LLMError =>
  new LLMError('busy', { code: 'overloaded', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('retryDelay', () => {
  it.each<[LLMErrorCode]>([['auth'], ['invalid_request'], ['context_length'], ['aborted'], ['unknown']])(
    'does not retry %s errors',
    (code) => {
      expect(retryDelay(new LLMError('x', { code }), 0)).toBeUndefined();
    },
  );

  it('does not retry a rate limit marked not retryable (quota)', () => {
    expect(retryDelay(new LLMError('quota', { code: 'rate_limit', retryable: false }), 0)).toBeUndefined();
  });

  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
  ])('doubles the backoff: attempt %i waits between half of %i ms and all of it', (attempt, base) => {
    const options = { initialMs: 100, maxMs: 10_000 };
    expect(retryDelay(retryable(), attempt, options, () => 0)).toBe(base / 2);
    expect(retryDelay(retryable(), attempt, options, () => 0.999999)).toBeCloseTo(base, 0);
  });

  it('caps the backoff at maxMs', () => {
    expect(retryDelay(retryable(), 30, { initialMs: 100, maxMs: 1000 }, () => 0.999999)).toBeLessThanOrEqual(1000);
    expect(retryDelay(retryable(), 30, { initialMs: 100, maxMs: 1000 }, () => 0)).toBe(500);
  });

  it('uses 500 ms and 30 s as the default backoff range', () => {
    expect(retryDelay(retryable(), 0, {}, () => 0)).toBe(250);
    expect(retryDelay(retryable(), 20, {}, () => 0)).toBe(15_000);
  });

  it('stays within [base/2, base] for any attempt and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1000, max: 60_000 }),
        (attempt, draw, initialMs, maxMs) => {
          const base = Math.min(maxMs, initialMs * 2 ** attempt);
          const wait = retryDelay(retryable(), attempt, { initialMs, maxMs }, () => draw) ?? Number.NaN;
          expect(wait).toBeGreaterThanOrEqual(base / 2);
          expect(wait).toBeLessThanOrEqual(base);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('waits at least the Retry-After the vendor asked for', () => {
    expect(retryDelay(retryable(5000), 0, { initialMs: 1, maxMs: 2 }, () => 0.5)).toBe(5000);
  });

  it('waits the backoff when it is longer than Retry-After', () => {
    expect(retryDelay(retryable(10), 3, { initialMs: 100, maxMs: 10_000 }, () => 0)).toBe(400);
  });

  it('does not retry when Retry-After is above maxRetryAfterMs', () => {
    expect(retryDelay(retryable(5001), 0, { maxRetryAfterMs: 5000 })).toBeUndefined();
    expect(retryDelay(retryable(5000), 0, { maxRetryAfterMs: 5000 }, () => 0)).toBe(5000);
  });

  it('caps Retry-After at 60 s by default', () => {
    expect(retryDelay(retryable(60_001), 0)).toBeUndefined();
    expect(retryDelay(retryable(60_000), 0, {}, () => 0)).toBe(60_000);
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects at once with aborted when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(60_000, controller.signal, 'p')).rejects.toMatchObject({ code: 'aborted', provider: 'p' });
  });

  it('ends the wait at once with aborted when the signal aborts, clearing its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal, 'p');
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the retry loop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a retryable error that came before any output, then succeeds', async () => {
    const model = createScriptedModel({
      attempts: [{ error: serverError() }, { error: serverError() }, { chunks: textChunks('ok') }],
    });
    const message = await streamChatCompletion(request, {}, model, { retryDelay: fastRetry });
    expect(message.content).toBe('ok');
    expect(model.requests).toHaveLength(3);
  });

  it('makes 2 retries by default, then rejects with the last error', async () => {
    const last = serverError();
    const model = createScriptedModel({
      attempts: [{ error: serverError() }, { error: serverError() }, { error: last }],
    });
    const error = await rejectionOf(streamChatCompletion(request, {}, model, { retryDelay: fastRetry }));
    expect(model.requests).toHaveLength(3);
    expect(error).toBe(last);
  });

  it.each([0, 1, 4])('makes at most maxRetries=%i retries', async (maxRetries) => {
    const model = createScriptedModel({ attempts: [{ error: serverError() }] });
    await rejectionOf(streamChatCompletion(request, {}, model, { maxRetries, retryDelay: fastRetry }));
    expect(model.requests).toHaveLength(maxRetries + 1);
  });

  it('does not retry after output was delivered, and the error carries the partial', async () => {
    const model = createScriptedModel({
      attempts: [
        { chunks: [text('Hel'), text('lo')], failAfter: 1, error: serverError() },
        { chunks: textChunks('retry') },
      ],
    });
    const error = await rejectionOf(streamChatCompletion(request, {}, model, { retryDelay: fastRetry }));
    expect(model.requests).toHaveLength(1);
    expect(error.code).toBe('server');
    expect(error.partial).toMatchObject({ content: 'Hel', finishReason: 'error' });
  });

  it('retries when the failed attempt sent chunks without output', async () => {
    const model = createScriptedModel({
      attempts: [{ chunks: [role(), role()], error: serverError() }, { chunks: textChunks('ok') }],
    });
    await expect(streamChatCompletion(request, {}, model, { retryDelay: fastRetry })).resolves.toMatchObject({
      content: 'ok',
    });
    expect(model.requests).toHaveLength(2);
  });

  it('retries a stream truncated before any output', async () => {
    const model = createScriptedModel({ attempts: [{ chunks: [role()] }, { chunks: textChunks('whole') }] });
    const message = await streamChatCompletion(request, {}, model, { retryDelay: fastRetry });
    expect(message.content).toBe('whole');
    expect(model.requests).toHaveLength(2);
  });

  it.each<[string, LLMError]>([
    ['auth', new LLMError('bad key', { code: 'auth', status: 401 })],
    ['invalid_request', new LLMError('bad', { code: 'invalid_request', status: 400 })],
    ['context_length', new LLMError('too long', { code: 'context_length', status: 400 })],
    ['a quota rate_limit', new LLMError('quota', { code: 'rate_limit', status: 429, retryable: false })],
  ])('does not retry %s', async (_label, failure) => {
    const model = createScriptedModel({ attempts: [{ error: failure }, { chunks: textChunks('ok') }] });
    const error = await rejectionOf(streamChatCompletion(request, {}, model, { retryDelay: fastRetry }));
    expect(error).toBe(failure);
    expect(model.requests).toHaveLength(1);
  });

  it('waits at least Retry-After before the next attempt', async () => {
    vi.useFakeTimers();
    const model = createScriptedModel({
      attempts: [{ error: serverError({ retryAfterMs: 5000 }) }, { chunks: textChunks('ok') }],
    });
    const done = streamChatCompletion(request, {}, model, { retryDelay: fastRetry });
    await vi.advanceTimersByTimeAsync(4999);
    expect(model.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.requests).toHaveLength(2);
    await expect(done).resolves.toMatchObject({ content: 'ok' });
  });

  it('does not retry when Retry-After is above the cap', async () => {
    const failure = serverError({ retryAfterMs: 120_000 });
    const model = createScriptedModel({ attempts: [{ error: failure }, { chunks: textChunks('ok') }] });
    const error = await rejectionOf(
      streamChatCompletion(request, {}, model, { retryDelay: { ...fastRetry, maxRetryAfterMs: 60_000 } }),
    );
    expect(error).toBe(failure);
    expect(model.requests).toHaveLength(1);
  });

  it('ends a backoff wait at once with aborted when the signal aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const model = createScriptedModel({ attempts: [{ error: serverError() }, { chunks: textChunks('ok') }] });
    const onError = vi.fn();
    const done = streamChatCompletion(request, { onError }, model, {
      signal: controller.signal,
      retryDelay: { initialMs: 60_000, maxMs: 60_000 },
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(model.requests).toHaveLength(1);
    controller.abort();
    const error = await rejectionOf(done);
    expect(error.code).toBe('aborted');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(model.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('fallbacks', () => {
  it('tries fallback models in order while nothing was delivered', async () => {
    const primary = createScriptedModel({ provider: 'a', attempts: [{ error: serverError() }] });
    const second = createScriptedModel({ provider: 'b', attempts: [{ error: serverError() }] });
    const third = createScriptedModel({ provider: 'c', chunks: textChunks('from c') });
    const message = await streamChatCompletion(request, {}, primary, {
      fallbacks: [second, third],
      maxRetries: 1,
      retryDelay: fastRetry,
    });
    expect(message.content).toBe('from c');
    expect([primary.requests.length, second.requests.length, third.requests.length]).toEqual([2, 2, 1]);
  });

  it('resolves fallback specs through the registry', async () => {
    const backup = createScriptedModel({ provider: 'backup', chunks: textChunks('backup answer') });
    const registry = createRegistry([{ name: 'backup', contractVersion: 1, languageModel: () => backup }]);
    const primary = createScriptedModel({ attempts: [{ error: serverError() }] });
    const message = await streamChatCompletion(request, {}, primary, {
      fallbacks: ['backup:m'],
      registry,
      maxRetries: 0,
    });
    expect(message.content).toBe('backup answer');
  });

  it('moves to the fallback after a non-retryable error of the primary', async () => {
    const primary = createScriptedModel({ attempts: [{ error: new LLMError('bad key', { code: 'auth' }) }] });
    const backup = createScriptedModel({ chunks: textChunks('backup') });
    const message = await streamChatCompletion(request, {}, primary, { fallbacks: [backup], retryDelay: fastRetry });
    expect(message.content).toBe('backup');
    expect(primary.requests).toHaveLength(1);
  });

  it('does not try fallbacks after output was delivered', async () => {
    const primary = createScriptedModel({ attempts: [{ chunks: [text('partial')], error: serverError() }] });
    const backup = createScriptedModel({ chunks: textChunks('backup') });
    const error = await rejectionOf(
      streamChatCompletion(request, {}, primary, { fallbacks: [backup], retryDelay: fastRetry }),
    );
    expect(backup.requests).toHaveLength(0);
    expect(error.partial?.content).toBe('partial');
  });

  it('rejects with the first model error when every model fails, every attempt in error.attempts', async () => {
    const firstFailure = serverError({ provider: 'a' });
    const lastFailure = serverError({ provider: 'b' });
    const primary = createScriptedModel({ provider: 'a', attempts: [{ error: firstFailure }] });
    const backup = createScriptedModel({ provider: 'b', attempts: [{ error: lastFailure }] });
    const error = await rejectionOf(streamChatCompletion(request, {}, primary, { fallbacks: [backup], maxRetries: 0 }));
    expect(error).toBe(firstFailure);
    expect(error.attempts).toEqual([firstFailure, lastFailure]);
  });

  it("keeps the primary's final error after its retries and lists retries and fallbacks in order", async () => {
    const errors = [serverError({ provider: 'a' }), serverError({ provider: 'a' }), serverError({ provider: 'b' })];
    const primary = createScriptedModel({ provider: 'a', attempts: [{ error: errors[0] }, { error: errors[1] }] });
    const backup = createScriptedModel({ provider: 'b', attempts: [{ error: errors[2] }] });
    const error = await rejectionOf(
      streamChatCompletion(request, {}, primary, { fallbacks: [backup], maxRetries: 1, retryDelay: fastRetry }),
    );
    expect(error).toBe(errors[1]);
    // The backup is retried once too (its script repeats its last attempt).
    expect(error.attempts).toEqual([...errors, errors[2]]);
  });

  it('leaves attempts unset when a single attempt failed', async () => {
    const failure = new LLMError('bad key', { code: 'auth' });
    const error = await rejectionOf(
      streamChatCompletion(request, {}, createScriptedModel({ attempts: [{ error: failure }] }), {}),
    );
    expect(error).toBe(failure);
    expect(error.attempts).toBeUndefined();
  });

  it('checks every fallback spec before the first request: a bad one is invalid_request and nothing is sent', async () => {
    const primary = createScriptedModel({ chunks: textChunks('never') });
    const registry = createRegistry([]);
    const error = await rejectionOf(
      streamChatCompletion(request, {}, primary, { fallbacks: ['nosuchprovider:x'], registry }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('fallbacks[0]');
    expect(primary.requests).toHaveLength(0);
  });

  it('keeps the 503 of the primary when a fallback fails with another error', async () => {
    const outage = new LLMError('unavailable', { code: 'overloaded', status: 503, provider: 'a' });
    const primary = createScriptedModel({ provider: 'a', attempts: [{ error: outage }] });
    const backup = createScriptedModel({
      provider: 'b',
      attempts: [{ error: new LLMError('no such model', { code: 'not_found', status: 404, provider: 'b' }) }],
    });
    const error = await rejectionOf(streamChatCompletion(request, {}, primary, { fallbacks: [backup], maxRetries: 0 }));
    expect(error.status).toBe(503);
    expect(error.attempts?.map((attempt) => attempt.status)).toEqual([503, 404]);
  });
});
