import {
  createRegistry,
  type LLM,
  LLMError,
  type OutputMessage,
  type StreamHandler,
  streamChatCompletion,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  countingModel,
  deltaChunk,
  fastRetry,
  finish,
  reasoning,
  rejectionOf,
  request,
  role,
  serverError,
  text,
  tools,
} from './helpers.js';

/** A handler that records every callback as a line, in order. */
function recordingHandler(): StreamHandler & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    onStart: () => log.push('start'),
    onToken: (token) => log.push(`token:${token}`),
    onReasoning: (delta) => log.push(`reasoning:${delta}`),
    onToolCall: (call) => log.push(`tool:${call.name}`),
    onComplete: (message) => log.push(`complete:${message.finishReason}`),
    onError: (error) => log.push(`error:${error.code}`),
  };
}

describe('handler callbacks', () => {
  it('calls onStart, onReasoning, onToken, onToolCall and onComplete in stream order', async () => {
    const model = createScriptedModel({
      chunks: [
        role(),
        reasoning('hmm'),
        text('Hi'),
        tools({ index: 0, id: 'a', name: 'first', arguments: '{}' }),
        tools({ index: 1, id: 'b', name: 'second', arguments: '{}' }),
        finish('stop'),
      ],
    });
    const handler = recordingHandler();
    await streamChatCompletion(request, handler, model);
    expect(handler.log).toEqual([
      'start',
      'reasoning:hmm',
      'token:Hi',
      'tool:first',
      'tool:second',
      'complete:tool_calls',
    ]);
  });

  it('resolves with the message it passes to onComplete', async () => {
    const onComplete = vi.fn();
    const model = createScriptedModel({ chunks: textChunks('Hello there', { size: 3 }) });
    const message = await streamChatCompletion(request, { onComplete }, model);
    expect(onComplete).toHaveBeenCalledExactlyOnceWith(message);
    expect(message).toEqual({
      role: 'assistant',
      provider: 'scripted',
      model: 'scripted-model',
      content: 'Hello there',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'stop',
    });
  });

  it('calls onStart once even across retries', async () => {
    const onStart = vi.fn();
    const model = createScriptedModel({
      attempts: [
        { chunks: [role()], error: serverError() },
        { chunks: [role()], error: serverError() },
        { chunks: textChunks('ok') },
      ],
    });
    await streamChatCompletion(request, { onStart }, model, { retryDelay: fastRetry });
    expect(model.requests).toHaveLength(3);
    expect(onStart).toHaveBeenCalledTimes(1);
  });

  it('calls onStart before anything else, even when the first chunk carries output', async () => {
    const handler = recordingHandler();
    await streamChatCompletion(request, handler, createScriptedModel({ chunks: textChunks('x') }));
    expect(handler.log[0]).toBe('start');
  });

  it('works with a handler that has no callbacks', async () => {
    const model = createScriptedModel({ chunks: textChunks('quiet') });
    await expect(streamChatCompletion(request, {}, model)).resolves.toMatchObject({ content: 'quiet' });
  });

  it('resolves a spec string through options.registry', async () => {
    const model = createScriptedModel({ chunks: textChunks('via registry') });
    const languageModel = vi.fn(() => model);
    const registry = createRegistry([{ name: 'scripted', contractVersion: 1, languageModel }]);
    const message = await streamChatCompletion(request, {}, 'scripted:some-model', { registry });
    expect(message.content).toBe('via registry');
    expect(languageModel).toHaveBeenCalledWith('some-model');
  });

  it('passes the request to the model as given', async () => {
    const model = createScriptedModel({ chunks: textChunks('x') });
    const custom = { messages: [{ role: 'user' as const, content: 'q' }], temperature: 0.2 };
    await streamChatCompletion(custom, {}, model);
    expect(model.requests).toEqual([custom]);
  });
});

describe('failures', () => {
  it('rejects a stream that ends without a finish reason with stream_truncated and its partial', async () => {
    const model = createScriptedModel({
      chunks: [text('cut '), text('off'), tools({ index: 0, id: 'a', name: 'f', arguments: '{"q":' })],
    });
    const error = await rejectionOf(streamChatCompletion(request, {}, model));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('stream_truncated');
    expect(error.partial).toMatchObject({
      content: 'cut off',
      finishReason: 'error',
      toolCalls: [{ id: 'a', name: 'f', arguments: '{"q":' }],
    });
  });

  it('calls onError exactly once with the rejected error and its partial', async () => {
    const onError = vi.fn<(error: LLMError, partial: OutputMessage) => void>();
    const model = createScriptedModel({ chunks: [text('so far')] });
    const error = await rejectionOf(streamChatCompletion(request, { onError }, model));
    expect(onError).toHaveBeenCalledTimes(1);
    const [reported, partial] = onError.mock.calls[0]!;
    expect(reported).toBe(error);
    expect(partial).toBe(error.partial);
    expect(partial.content).toBe('so far');
  });

  it('calls onError once after retries are exhausted, not once per attempt', async () => {
    const onError = vi.fn();
    const model = createScriptedModel({ attempts: [{ error: serverError() }] });
    await rejectionOf(streamChatCompletion(request, { onError }, model, { retryDelay: fastRetry }));
    expect(model.requests).toHaveLength(3);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('does not call onComplete when the stream fails', async () => {
    const handler = recordingHandler();
    await rejectionOf(streamChatCompletion(request, handler, createScriptedModel({ chunks: [text('x')] })));
    expect(handler.log).toEqual(['start', 'token:x', 'error:stream_truncated']);
  });

  it.each([
    ['an empty spec', ''],
    ['a spec with an empty part', 'openai:'],
    ['an unknown provider', 'nobody:model'],
    ['a bare name that is no alias', 'just-a-name'],
  ])('calls onError once for %s, before any stream', async (_label, spec) => {
    const onError = vi.fn();
    const onStart = vi.fn();
    const error = await rejectionOf(
      streamChatCompletion(request, { onError, onStart }, spec, { registry: createRegistry() }),
    );
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(onError).toHaveBeenCalledExactlyOnceWith(error, {
      role: 'assistant',
      content: '',
      toolCalls: [],
      finishReason: 'error',
    });
    expect(onStart).not.toHaveBeenCalled();
  });

  it('rejects a model that is neither a spec nor an LLM', async () => {
    const error = await rejectionOf(streamChatCompletion(request, {}, { provider: 'x' } as unknown as LLM));
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(error.message).toMatch(/createChatCompletionStream/);
  });

  it('wraps an unexpected exception of the model in an LLMError naming the provider', async () => {
    const cause = new TypeError('cannot read properties of undefined');
    const model = createScriptedModel({ provider: 'acme', attempts: [{ error: cause }] });
    const error = await rejectionOf(streamChatCompletion(request, {}, model, { retryDelay: fastRetry }));
    expect(error).toMatchObject({ code: 'unknown', provider: 'acme', retryable: false });
    expect(error.cause).toStrictEqual(cause); // a sanitized copy
    expect(error.message).toContain('cannot read properties of undefined');
    expect(model.requests).toHaveLength(1);
  });

  it('keeps the original error when onError itself throws', async () => {
    const model = createScriptedModel({ chunks: [text('x')] });
    const error = await rejectionOf(
      streamChatCompletion(
        request,
        {
          onError: () => {
            throw new Error('handler bug');
          },
        },
        model,
      ),
    );
    expect(error.code).toBe('stream_truncated');
  });
});

describe('exceptions thrown by the handler', () => {
  const boom = new Error('handler exploded');
  const throwing = (): never => {
    throw boom;
  };

  it.each<[string, StreamHandler]>([
    ['onStart', { onStart: throwing }],
    ['onToken', { onToken: throwing }],
    ['onReasoning', { onReasoning: throwing }],
    ['onToolCall', { onToolCall: throwing }],
  ])('turns an exception in %s into an LLMError and closes the stream', async (_label, handler) => {
    const model = createScriptedModel({
      chunks: [
        reasoning('r'),
        text('t'),
        tools({ index: 0, id: 'a', name: 'f', arguments: '{}', done: true }),
        text('more'),
        finish(),
      ],
    });
    const error = await rejectionOf(streamChatCompletion(request, handler, model));
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ code: 'unknown', retryable: false });
    expect(error.cause).toStrictEqual(boom); // a sanitized copy
    expect(error.message).toContain('handler exploded');
    expect(model.closedEarly).toBe(1);
    expect(model.requests).toHaveLength(1);
  });

  it('reports the handler exception through onError once', async () => {
    const onError = vi.fn();
    const model = createScriptedModel({ chunks: textChunks('abc', { size: 1 }) });
    const error = await rejectionOf(streamChatCompletion(request, { onToken: throwing, onError }, model));
    expect(onError).toHaveBeenCalledExactlyOnceWith(error, error.partial);
  });

  it('applies the whole chunk before failing, so the partial is not corrupted', async () => {
    const model = createScriptedModel({
      chunks: [
        deltaChunk({
          reasoning: 'why',
          content: 'what',
          toolCalls: [{ index: 0, id: 'a', name: 'f', arguments: '{"x":1}' }],
        }),
      ],
    });
    const error = await rejectionOf(streamChatCompletion(request, { onReasoning: throwing }, model));
    expect(error.partial).toMatchObject({
      reasoning: 'why',
      content: 'what',
      toolCalls: [{ id: 'a', input: { x: 1 } }],
      finishReason: 'error',
    });
  });

  it('calls no further callbacks after one threw', async () => {
    const onToolCall = vi.fn();
    const onToken = vi.fn(() => {
      throw boom;
    });
    const model = createScriptedModel({
      chunks: [
        deltaChunk({ content: 'a', toolCalls: [{ index: 0, id: 'a', name: 'f', done: true }] }),
        text('b'),
        finish(),
      ],
    });
    await rejectionOf(streamChatCompletion(request, { onToken, onToolCall }, model));
    expect(onToken).toHaveBeenCalledTimes(1);
    expect(onToolCall).not.toHaveBeenCalled();
  });

  it('does not retry or fall back after a handler exception, even before output', async () => {
    const model = createScriptedModel({ chunks: [role(), text('x'), finish()] });
    const backup = createScriptedModel({ chunks: textChunks('backup') });
    await rejectionOf(streamChatCompletion(request, { onStart: throwing }, model, { fallbacks: [backup] }));
    expect(model.requests).toHaveLength(1);
    expect(backup.requests).toHaveLength(0);
  });

  it('rejects with the complete message as partial when onComplete throws', async () => {
    const onError = vi.fn();
    const model = createScriptedModel({ chunks: textChunks('all of it') });
    const error = await rejectionOf(streamChatCompletion(request, { onComplete: throwing, onError }, model));
    expect(error).toMatchObject({ code: 'unknown' });
    expect(error.cause).toStrictEqual(boom); // a sanitized copy
    expect(error.partial?.content).toBe('all of it');
    expect(onError).toHaveBeenCalledExactlyOnceWith(error, error.partial);
  });
});

describe('abort', () => {
  it('rejects with aborted and closes the stream when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const model = createScriptedModel({ chunks: textChunks('abcdef', { size: 1 }) });
    const onToken = vi.fn((token: string) => {
      if (token === 'b') controller.abort();
    });
    const error = await rejectionOf(streamChatCompletion(request, { onToken }, model, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(error.partial).toMatchObject({ content: 'ab', finishReason: 'error' });
    expect(onToken).toHaveBeenCalledTimes(2);
    expect(model.closedEarly).toBe(1);
  });

  it('rejects with aborted when the signal aborts while the model waits for its next chunk', async () => {
    const controller = new AbortController();
    const model = createScriptedModel({ chunks: textChunks('abcdef', { size: 1 }), delayMs: 5 });
    const onError = vi.fn();
    const done = streamChatCompletion(
      request,
      {
        onError,
        onToken: () => setTimeout(() => controller.abort(), 1),
      },
      model,
      { signal: controller.signal },
    );
    const error = await rejectionOf(done);
    expect(error.code).toBe('aborted');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(model.closedEarly).toBe(1);
  });

  it('does not retry after an abort', async () => {
    const controller = new AbortController();
    const model = createScriptedModel({ chunks: [role(), text('x'), finish()] });
    await rejectionOf(
      streamChatCompletion(request, { onStart: () => controller.abort() }, model, {
        signal: controller.signal,
        retryDelay: fastRetry,
      }),
    );
    expect(model.requests).toHaveLength(1);
  });

  it('rejects at once with aborted when the signal is already aborted, without calling the model', async () => {
    const controller = new AbortController();
    controller.abort();
    const onError = vi.fn();
    const model = createScriptedModel({ chunks: textChunks('never') });
    const error = await rejectionOf(streamChatCompletion(request, { onError }, model, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(model.requests).toHaveLength(0);
  });

  it('maps an AbortError thrown by a model to aborted', async () => {
    const model = createScriptedModel({ attempts: [{ error: new DOMException('aborted', 'AbortError') }] });
    const error = await rejectionOf(streamChatCompletion(request, {}, model, { retryDelay: fastRetry }));
    expect(error.code).toBe('aborted');
    expect(model.requests).toHaveLength(1);
  });

  // DEVIATION (run-stream.ts runStream): the signal is checked only before each attempt, so a
  // model that keeps yielding after the abort is read to its end and the promise resolves.
  it('rejects with aborted even when the model does not watch the signal', async () => {
    const controller = new AbortController();
    const model = countingModel([text('a'), text('b'), text('c'), finish()], { ignoreSignal: true });
    const done = streamChatCompletion(request, { onToken: () => controller.abort() }, model, {
      signal: controller.signal,
    });
    const error = await rejectionOf(done);
    expect(error.code).toBe('aborted');
    expect(model.closed).toBe(true);
  });
});
