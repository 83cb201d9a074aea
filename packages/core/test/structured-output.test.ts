import {
  finalizeOutput,
  type InvalidOutputError,
  isLLMError,
  type OutputMessage,
  runTools,
  type StandardSchemaV1,
  streamChatCompletion,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const message = (content: string, extra: Partial<OutputMessage> = {}): OutputMessage => ({
  role: 'assistant',
  content,
  toolCalls: [],
  finishReason: 'stop',
  ...extra,
});
const user = [{ role: 'user' as const, content: 'Give me a person.' }];
const person = z.object({ name: z.string(), age: z.number().int() });

function failure(run: () => unknown): InvalidOutputError {
  try {
    run();
  } catch (error) {
    if (isLLMError(error)) return error;
  }
  return expect.fail('expected an LLMError');
}

describe('finalizeOutput', () => {
  it('parses JSON output into object', () => {
    const out = finalizeOutput(message('{"a":[1,2]}'), { messages: user, responseFormat: { type: 'json' } });
    expect((out as OutputMessage).object).toEqual({ a: [1, 2] });
  });

  it('validates with a Standard Schema and keeps its output value', () => {
    const schema = z.object({ n: z.coerce.number() });
    const out = finalizeOutput(message('{"n":"4"}'), {
      messages: user,
      responseFormat: { type: 'json_schema', schema },
    }) as OutputMessage;
    expect(out.object).toEqual({ n: 4 });
  });

  it('reads JSON inside a Markdown fence', () => {
    const out = finalizeOutput(message('```json\n{"a":1}\n```'), { messages: user, responseFormat: { type: 'json' } });
    expect((out as OutputMessage).object).toEqual({ a: 1 });
  });

  it('is invalid_output, with the text and the issues, when validation fails', () => {
    const error = failure(() =>
      finalizeOutput(message('{"name":"Ada","age":"old"}'), {
        messages: user,
        responseFormat: { type: 'json_schema', schema: person },
      }),
    );
    expect(error.code).toBe('invalid_output');
    expect(error.retryable).toBe(false);
    expect(error.partial?.content).toBe('{"name":"Ada","age":"old"}');
    expect(error.issues?.[0]?.path).toEqual(['age']);
    expect(error.message).toContain('age: ');
  });

  it('is invalid_output for text that is not JSON, hinting at maxTokens after a length stop', () => {
    const error = failure(() =>
      finalizeOutput(message('{"a": [1, 2', { finishReason: 'length' }), {
        messages: user,
        responseFormat: { type: 'json' },
      }),
    );
    expect(error.code).toBe('invalid_output');
    expect(error.message).toContain('maxTokens');
  });

  it('awaits an async validator', async () => {
    const schema: StandardSchemaV1<unknown, string> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: async (value) =>
          typeof value === 'string' ? { value: value.toUpperCase() } : { issues: [{ message: 'not a string' }] },
      },
    };
    const out = await finalizeOutput(message('"hi"'), {
      messages: user,
      responseFormat: { type: 'json_schema', schema },
    });
    expect(out.object).toBe('HI');
  });

  it('leaves text requests, refusals and tool-call steps alone', () => {
    const text = message('not json');
    expect(finalizeOutput(text, { messages: user })).toBe(text);
    const refusal = message('', { finishReason: 'content_filter', refusal: 'no' });
    expect(finalizeOutput(refusal, { messages: user, responseFormat: { type: 'json' } })).toBe(refusal);
    const calls = message('', { toolCalls: [{ id: 'a', name: 'f', arguments: '{}', input: {} }] });
    expect(finalizeOutput(calls, { messages: user, responseFormat: { type: 'json' } })).toBe(calls);
  });
});

describe('structured output through streamChatCompletion', () => {
  it('resolves with object and streams partial objects as they change', async () => {
    const model = createScriptedModel({ chunks: textChunks('{"name": "Ada", "age": 36}', { size: 5 }) });
    const partials: unknown[] = [];
    const result = await streamChatCompletion(
      { messages: user, responseFormat: { type: 'json_schema', schema: person } },
      { onPartialObject: (partial) => partials.push(structuredClone(partial)) },
      model,
    );
    expect(result.object).toEqual({ name: 'Ada', age: 36 });
    expect(partials).toEqual([{}, { name: '' }, { name: 'Ada' }, { name: 'Ada', age: 36 }]);
  });

  it('rejects with invalid_output and calls onError once', async () => {
    const model = createScriptedModel({ chunks: textChunks('{"name": 1}') });
    const codes: string[] = [];
    const error = await streamChatCompletion(
      { messages: user, responseFormat: { type: 'json_schema', schema: person } },
      { onError: (e) => codes.push(e.code) },
      model,
    ).catch((e: unknown) => e);
    expect(isLLMError(error) && error.code).toBe('invalid_output');
    expect(codes).toEqual(['invalid_output']);
    expect(model.requests).toHaveLength(1);
  });

  it('validates with valibot too (any Standard Schema)', async () => {
    const model = createScriptedModel({ chunks: textChunks('{"tags":["a","b"]}') });
    const schema = v.object({ tags: v.array(v.string()) });
    const result = await streamChatCompletion(
      { messages: user, responseFormat: { type: 'json_schema', schema } },
      {},
      model,
    );
    expect(result.object).toEqual({ tags: ['a', 'b'] });
  });

  it('gives the final step of runTools its object', async () => {
    const model = createScriptedModel({ chunks: textChunks('{"name":"Ada","age":36}') });
    const result = await runTools(
      { messages: user, responseFormat: { type: 'json_schema', schema: person } },
      {},
      model,
    );
    expect(result.message.object).toEqual({ name: 'Ada', age: 36 });
  });
});
