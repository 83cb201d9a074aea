import { LLMError, type OutputMessage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { checkResult, type RunOutcome } from '../src/check-result.js';
import type { ExpectedResult } from '../src/types.js';

function message(overrides: Partial<OutputMessage> = {}): OutputMessage {
  return {
    role: 'assistant',
    content: 'Hi',
    toolCalls: [],
    finishReason: 'stop',
    rawFinishReason: 'stop',
    ...overrides,
  };
}

function completed(msg: OutputMessage): RunOutcome {
  return {
    message: msg,
    tokens: msg.content,
    reasoning: msg.reasoning ?? '',
    toolCalls: msg.toolCalls,
    completions: 1,
    errors: 0,
  };
}

function failed(error: LLMError): RunOutcome {
  return { error, tokens: error.partial?.content ?? '', reasoning: '', toolCalls: [], completions: 0, errors: 1 };
}

const weather = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };

describe('checkResult', () => {
  it('accepts a run that matches', () => {
    const expected: ExpectedResult = { content: 'Hi', finishReason: 'stop', rawFinishReason: 'stop' };
    expect(checkResult(expected, completed(message()))).toEqual([]);
  });

  it('treats absent content as empty and absent toolCalls as none', () => {
    expect(checkResult({}, completed(message({ content: '' })))).toEqual([]);
    expect(checkResult({}, completed(message({ content: '', toolCalls: [weather] })))[0]).toMatch(
      /^toolCalls: expected 0/,
    );
  });

  it('reports each mismatching field', () => {
    const problems = checkResult(
      { content: 'Hello', finishReason: 'length', refusal: 'no' },
      completed(message({ content: 'Hell' })),
    );
    expect(problems).toEqual([
      'content: expected "Hello", got "Hell"',
      'refusal: expected "no", got undefined',
      'finishReason: expected "length", got "stop"',
    ]);
  });

  it('compares usage only on the keys the recording names', () => {
    const msg = message({ usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0 } });
    expect(checkResult({ content: 'Hi', usage: { inputTokens: 3, outputTokens: 2 } }, completed(msg))).toEqual([]);
    expect(checkResult({ content: 'Hi', usage: { inputTokens: 4, outputTokens: 2 } }, completed(msg))).toEqual([
      'usage.inputTokens: expected 4, got 3',
    ]);
  });

  it('requires generated ids to be non-empty and unique across runs', () => {
    const seen = new Set<string>();
    const expected: ExpectedResult = { content: '', toolCalls: [{ id: '<generated>', name: 'noop', input: {} }] };
    const run = (id: string): string[] =>
      checkResult(
        expected,
        completed(message({ content: '', toolCalls: [{ id, name: 'noop', arguments: '', input: {} }] })),
        seen,
      );
    expect(run('gen_1')).toEqual([]);
    expect(run('gen_1')).toEqual(['toolCalls[0].id: generated id "gen_1" was already used']);
    expect(run('')).toEqual(['toolCalls[0].id: expected a generated id, got ""']);
  });

  it('checks tool call ids, names, inputs and raw arguments', () => {
    const expected: ExpectedResult = {
      content: '',
      toolCalls: [{ id: 'call_1', name: 'get_weather', input: { city: 'Paris' }, arguments: '{"city": "Paris"}' }],
    };
    expect(checkResult(expected, completed(message({ content: '', toolCalls: [weather] })))).toEqual([
      'toolCalls[0].arguments: expected "{\\"city\\": \\"Paris\\"}", got "{\\"city\\":\\"Paris\\"}"',
    ]);
  });

  it('checks an expected error and its partial', () => {
    const partial = message({ content: 'Hel', finishReason: 'error', rawFinishReason: undefined });
    const error = new LLMError('boom', { code: 'overloaded', partial });
    expect(checkResult({ content: 'Hel', error: { code: 'overloaded' } }, failed(error))).toEqual([]);
    expect(checkResult({ content: 'Hello', error: { code: 'server' } }, failed(error))).toEqual([
      'error.code: expected "server", got "overloaded" (boom)',
      'error.partial.content: expected "Hello", got "Hel"',
    ]);
  });

  it('rejects a completed run when an error was expected, and the reverse', () => {
    expect(checkResult({ error: { code: 'server' } }, completed(message()))).toEqual([
      'expected an LLMError "server", but the stream completed',
    ]);
    const outcome: RunOutcome = {
      error: new TypeError('terminated'),
      tokens: '',
      reasoning: '',
      toolCalls: [],
      completions: 0,
      errors: 1,
    };
    expect(checkResult({ content: 'Hi' }, outcome)).toEqual([
      'expected a message, got TypeError: terminated (not an LLMError)',
    ]);
  });

  it('requires the streamed tokens and tool calls to add up to the message', () => {
    const outcome = completed(message({ toolCalls: [weather] }));
    outcome.tokens = 'H';
    outcome.toolCalls = [];
    expect(checkResult({ content: 'Hi', toolCalls: [{ id: 'call_1', name: 'get_weather' }] }, outcome)).toEqual([
      'streamed tokens (joined): expected "Hi", got "H"',
      'onToolCall fired 0 times for 1 tool calls',
    ]);
  });

  it('requires exactly one onComplete and no onError', () => {
    const outcome = completed(message());
    outcome.completions = 2;
    expect(checkResult({ content: 'Hi' }, outcome)).toEqual([
      'callbacks: expected onComplete once and no onError, got 2 / 0',
    ]);
  });

  it('compares reasoning parts with their signatures', () => {
    const msg = message({ reasoning: 'think', reasoningParts: [{ text: 'think', signature: 'sig' }] });
    expect(
      checkResult({ content: 'Hi', reasoningParts: [{ text: 'think', signature: 'sig' }] }, completed(msg)),
    ).toEqual([]);
    expect(checkResult({ content: 'Hi', reasoningParts: [{ text: 'think' }] }, completed(msg))).toHaveLength(1);
  });
});
