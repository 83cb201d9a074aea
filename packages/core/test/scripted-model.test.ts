import { type ChatChunk, type ChatCompletionRequest, LLMError, streamChatCompletion } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { finish, rejectionOf, request, serverError, text } from './helpers.js';

async function drain(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

async function drainUntilError(stream: AsyncIterable<ChatChunk>): Promise<{ chunks: ChatChunk[]; error: unknown }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  throw new Error('expected the stream to throw');
}

describe('createScriptedModel', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plays its chunks in order', async () => {
    const chunks = [text('a'), text('b'), finish()];
    expect(await drain(createScriptedModel({ chunks }).createChatCompletionStream(request))).toEqual(chunks);
  });

  it('plays the same chunks for every request', async () => {
    const model = createScriptedModel({ chunks: textChunks('hi') });
    const first = await drain(model.createChatCompletionStream(request));
    const second = await drain(model.createChatCompletionStream(request));
    expect(second).toEqual(first);
  });

  it('plays one attempt per request, repeating the last', async () => {
    const model = createScriptedModel({ attempts: [{ chunks: [text('1')] }, { chunks: [text('2')] }] });
    const played: ChatChunk[][] = [];
    for (let i = 0; i < 4; i++) played.push(await drain(model.createChatCompletionStream(request)));
    expect(played).toEqual([[text('1')], [text('2')], [text('2')], [text('2')]]);
  });

  it('throws the scripted error after failAfter chunks', async () => {
    const failure = serverError();
    const model = createScriptedModel({
      attempts: [{ chunks: [text('a'), text('b'), text('c')], failAfter: 2, error: failure }],
    });
    const { chunks, error } = await drainUntilError(model.createChatCompletionStream(request));
    expect(chunks).toEqual([text('a'), text('b')]);
    expect(error).toBe(failure);
  });

  it('throws the scripted error after all chunks when failAfter is not given', async () => {
    const model = createScriptedModel({ attempts: [{ chunks: [text('a'), text('b')], error: serverError() }] });
    const { chunks } = await drainUntilError(model.createChatCompletionStream(request));
    expect(chunks).toHaveLength(2);
  });

  it('ignores failAfter without an error', async () => {
    const model = createScriptedModel({ attempts: [{ chunks: [text('a'), text('b')], failAfter: 1 }] });
    expect(await drain(model.createChatCompletionStream(request))).toHaveLength(2);
  });

  it('records every request in order, even ones never iterated', () => {
    const model = createScriptedModel({ chunks: [] });
    const first: ChatCompletionRequest = { messages: [{ role: 'user', content: 'one' }] };
    const second: ChatCompletionRequest = { messages: [{ role: 'user', content: 'two' }] };
    model.createChatCompletionStream(first);
    model.createChatCompletionStream(second);
    expect(model.requests).toEqual([first, second]);
    expect(model.requests[0]).toBe(first);
  });

  it('waits delayMs before each chunk', async () => {
    vi.useFakeTimers();
    const iterator = createScriptedModel({ chunks: [text('a'), text('b')], delayMs: 100 })
      .createChatCompletionStream(request)
      [Symbol.asyncIterator]();
    let received: IteratorResult<ChatChunk> | undefined;
    void iterator.next().then((result) => {
      received = result;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(received).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toEqual({ done: false, value: text('a') });
    await iterator.return?.();
  });

  it('lets an attempt override the model delay', async () => {
    vi.useFakeTimers();
    const model = createScriptedModel({ delayMs: 1000, attempts: [{ chunks: [text('a')], delayMs: 10 }] });
    const iterator = model.createChatCompletionStream(request)[Symbol.asyncIterator]();
    let received = false;
    void iterator.next().then(() => {
      received = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(received).toBe(true);
    await iterator.return?.();
  });

  it('uses no timer at all without a delay', async () => {
    vi.useFakeTimers();
    const model = createScriptedModel({ chunks: textChunks('abc', { size: 1 }) });
    expect(await drain(model.createChatCompletionStream(request))).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a delay at once with aborted when the signal aborts, and counts the stream closed early', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const model = createScriptedModel({ provider: 'acme', chunks: [text('a')], delayMs: 60_000 });
    const pending = drainUntilError(model.createChatCompletionStream(request, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1);
    controller.abort();
    const { chunks, error } = await pending;
    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ code: 'aborted', provider: 'acme' });
    expect(model.closedEarly).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('yields nothing and throws aborted when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = createScriptedModel({ chunks: [text('a')] });
    const { chunks, error } = await drainUntilError(
      model.createChatCompletionStream(request, { signal: controller.signal }),
    );
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(LLMError);
    expect((error as LLMError).code).toBe('aborted');
  });

  it('counts a stream left before its end as closed early', async () => {
    const model = createScriptedModel({ chunks: [text('a'), text('b'), finish()] });
    for await (const _chunk of model.createChatCompletionStream(request)) break;
    expect(model.closedEarly).toBe(1);
  });

  it('does not count a stream played to its end', async () => {
    const model = createScriptedModel({ chunks: [text('a'), finish()] });
    await drain(model.createChatCompletionStream(request));
    await drain(model.createChatCompletionStream(request));
    expect(model.closedEarly).toBe(0);
  });

  // BUG (testing/scripted-model.ts play): `finished` stays false when the scripted error is
  // thrown, so a scripted failure is counted in closedEarly as if the consumer had left.
  it('does not count a scripted failure as closed early', async () => {
    const model = createScriptedModel({ attempts: [{ chunks: [text('a')], error: serverError() }] });
    await drainUntilError(model.createChatCompletionStream(request));
    expect(model.closedEarly).toBe(0);
  });

  it('names its provider and model id', () => {
    expect(createScriptedModel()).toMatchObject({ provider: 'scripted', modelId: 'scripted-model' });
    expect(createScriptedModel({ provider: 'acme', modelId: 'm1' })).toMatchObject({ provider: 'acme', modelId: 'm1' });
  });

  it('refuses an empty list of attempts', () => {
    expect(() => createScriptedModel({ attempts: [] })).toThrow(LLMError);
  });

  it('plays scripted errors through the stream APIs', async () => {
    const failure = new LLMError('nope', { code: 'auth' });
    const error = await rejectionOf(
      streamChatCompletion(request, {}, createScriptedModel({ attempts: [{ error: failure }] })),
    );
    expect(error).toBe(failure);
  });
});

describe('textChunks', () => {
  it('splits text into pieces of the given size and finishes with stop', () => {
    expect(textChunks('abcde', { size: 2 })).toEqual([
      text('ab'),
      text('cd'),
      text('e'),
      { choices: [{ index: 0, delta: {}, finishReason: 'stop', rawFinishReason: 'stop' }] },
    ]);
  });

  it('uses pieces of 4 characters by default', () => {
    expect(textChunks('abcdefghi').slice(0, -1)).toEqual([text('abcd'), text('efgh'), text('i')]);
  });

  it('finishes with the given finish reason and raw value', () => {
    expect(textChunks('x', { finishReason: 'length', rawFinishReason: 'max_tokens' }).at(-1)).toEqual({
      choices: [{ index: 0, delta: {}, finishReason: 'length', rawFinishReason: 'max_tokens' }],
    });
  });

  it('makes only the finish chunk for empty text', () => {
    expect(textChunks('')).toHaveLength(1);
  });
});
