import {
  type ChatChunk,
  createAccumulator,
  type FinishReason,
  isGeneratedToolCallId,
  LLMError,
  normalizeFinish,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { deltaChunk, finish, reasoning, recordingSink, role, text, tools, usage } from './helpers.js';

function run(chunks: ChatChunk[]) {
  const sink = recordingSink();
  const accumulator = createAccumulator(sink);
  for (const chunk of chunks) accumulator.push(chunk);
  return { sink, accumulator };
}

describe('tool call fragments', () => {
  it('merges the argument fragments of one call by index', () => {
    const { accumulator } = run([
      tools({ index: 0, id: 'call_1', name: 'get_weather', arguments: '{"ci' }),
      tools({ index: 0, arguments: 'ty":"Pa' }),
      tools({ index: 0, arguments: 'ris"}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
    ]);
  });

  it('keeps parallel calls apart by index, in the order they started', () => {
    const { accumulator } = run([
      tools({ index: 0, id: 'a', name: 'first', arguments: '{"n":' }),
      tools({ index: 0, arguments: '1}' }),
      tools({ index: 1, id: 'b', name: 'second', arguments: '{"n":2}' }),
      finish('tool_calls'),
    ]);
    const calls = accumulator.end().toolCalls;
    expect(calls.map((call) => [call.id, call.name, call.input])).toEqual([
      ['a', 'first', { n: 1 }],
      ['b', 'second', { n: 2 }],
    ]);
  });

  it('merges fragments of several calls that arrive in one chunk', () => {
    const { accumulator } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"x":' }, { index: 1, id: 'b', name: 'g', arguments: '{"y":' }),
      tools({ index: 1, arguments: '2}' }, { index: 0, arguments: '1}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls.map((call) => call.input)).toEqual([{ x: 1 }, { y: 2 }]);
  });

  it('keeps the first name when a server repeats it on every fragment', () => {
    const { accumulator } = run([
      tools({ index: 0, id: 'a', name: 'lookup', arguments: '{"q":' }),
      tools({ index: 0, name: 'lookup', arguments: '"x"}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls[0]?.name).toBe('lookup');
  });

  it('takes an id that arrives after the first fragment without splitting the call', () => {
    const { accumulator } = run([
      tools({ index: 0, name: 'lookup', arguments: '{"q":' }),
      tools({ index: 0, id: 'call_late', arguments: '"x"}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls).toEqual([
      { id: 'call_late', name: 'lookup', arguments: '{"q":"x"}', input: { q: 'x' } },
    ]);
  });

  it('keeps the latest signature of a call', () => {
    const { accumulator } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{}', signature: 'sig-1' }),
      tools({ index: 0, signature: 'sig-2' }),
      finish('stop'),
    ]);
    expect(accumulator.end().toolCalls[0]?.signature).toBe('sig-2');
  });

  it('separates calls that reuse one index with a new id (Ollama)', () => {
    const { accumulator, sink } = run([
      tools({ index: 0, id: 'call_a', name: 'first', arguments: '{"n":1}' }),
      tools({ index: 0, id: 'call_b', name: 'second', arguments: '{"n":2}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls.map((call) => [call.id, call.name, call.input])).toEqual([
      ['call_a', 'first', { n: 1 }],
      ['call_b', 'second', { n: 2 }],
    ]);
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['call_a', 'call_b']);
  });

  it('starts a new call for a fragment without index that brings a new id, and continues the latest otherwise', () => {
    const { accumulator } = run([
      tools({ id: 'call_a', name: 'first', arguments: '{"n":' }),
      tools({ arguments: '1}' }),
      tools({ id: 'call_b', name: 'second', arguments: '{"n":2}' }),
      finish('tool_calls'),
    ]);
    expect(accumulator.end().toolCalls.map((call) => [call.id, call.name, call.input])).toEqual([
      ['call_a', 'first', { n: 1 }],
      ['call_b', 'second', { n: 2 }],
    ]);
  });

  // BUG (accumulator.ts callFor): a fragment addressed to a call already delivered with
  // `done: true` is appended to that call after delivery, so the second call is lost.
  it('starts a new call for a fragment that arrives after the previous call was done', () => {
    const { accumulator, sink } = run([
      tools({ name: 'first', arguments: '{"n":1}', done: true }),
      tools({ name: 'second', arguments: '{"n":2}', done: true }),
      finish('stop'),
    ]);
    expect(accumulator.end().toolCalls.map((call) => [call.name, call.input])).toEqual([
      ['first', { n: 1 }],
      ['second', { n: 2 }],
    ]);
    expect(sink.toolCalls).toHaveLength(2);
  });
});

describe('when a tool call is delivered', () => {
  it('separates whole calls that carry neither index nor id (Gemini OpenAI-compatible endpoint)', () => {
    const { sink, accumulator } = run([
      tools({ name: 'get_weather', arguments: '{"city":"Paris"}' }),
      tools({ name: 'get_weather', arguments: '{"city":"Rome"}' }),
      finish('tool_calls'),
    ]);
    expect(sink.toolCalls.map((call) => call.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    const calls = accumulator.end().toolCalls;
    expect(calls.map((call) => call.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it('delivers a call when a later index starts and its arguments parse', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":1}' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{' }),
    ]);
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['a']);
  });

  it('does not deliver a call merely because its JSON parses', () => {
    const { sink, accumulator } = run([tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":1}' })]);
    expect(sink.toolCalls).toEqual([]);
    expect(accumulator.delivered).toBe(false);
  });

  it('does not deliver an earlier call with empty arguments when a later index starts', () => {
    const { sink } = run([tools({ index: 0, id: 'a', name: 'noop' }), tools({ index: 1, id: 'b', name: 'g' })]);
    expect(sink.toolCalls).toEqual([]);
  });

  it('does not deliver an earlier call whose arguments do not parse yet when a later index starts', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"text":"hel' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{"n":' }),
      tools({ index: 0, arguments: 'lo"}' }),
    ]);
    expect(sink.toolCalls).toEqual([]);
  });

  it('delivers interleaved parallel calls whole, never cut short', () => {
    const { sink, accumulator } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"text":"hel' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{"n":' }),
      tools({ index: 0, arguments: 'lo"}' }),
      tools({ index: 1, arguments: '2}' }),
      tools({ index: 2, id: 'c', name: 'h', arguments: '{}' }),
      finish('tool_calls'),
    ]);
    accumulator.end();
    expect(sink.toolCalls.map((call) => [call.id, call.arguments])).toEqual([
      ['a', '{"text":"hello"}'],
      ['b', '{"n":2}'],
      ['c', '{}'],
    ]);
  });

  it('delivers a call as soon as done: true arrives', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":' }),
      tools({ index: 0, arguments: '1}', done: true }),
    ]);
    expect(sink.toolCalls).toEqual([{ id: 'a', name: 'f', arguments: '{"n":1}', input: { n: 1 } }]);
  });

  it('delivers a call when the same index brings a new id, even if its JSON does not parse', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":' }),
      tools({ index: 0, id: 'b', name: 'g' }),
    ]);
    expect(sink.toolCalls.map((call) => [call.id, call.arguments])).toEqual([['a', '{"n":']]);
  });

  it('delivers every remaining call when the finish arrives, in order', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'noop' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{"n":2}' }),
      finish('tool_calls'),
    ]);
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['a', 'b']);
  });

  it('delivers each call exactly once', () => {
    const { sink, accumulator } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{}', done: true }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }),
      tools({ index: 2, id: 'c', name: 'h', arguments: '{}' }),
      finish('tool_calls'),
    ]);
    accumulator.end();
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['a', 'b', 'c']);
  });

  it('reports in the message the same call objects it delivered', () => {
    const { sink, accumulator } = run([tools({ index: 0, id: 'a', name: 'f', arguments: '{}' }), finish()]);
    expect(accumulator.end().toolCalls[0]).toBe(sink.toolCalls[0]);
  });
});

describe('tool call arguments and ids', () => {
  it.each([
    ['no arguments at all', undefined],
    ['an empty string', ''],
    ['white space only', '  \n'],
  ])('parses %s as {}', (_label, args) => {
    const delta =
      args === undefined ? { index: 0, id: 'a', name: 'noop' } : { index: 0, id: 'a', name: 'noop', arguments: args };
    const { accumulator } = run([tools(delta), finish()]);
    const call = accumulator.end().toolCalls[0];
    expect(call?.input).toEqual({});
    expect(call?.parseError).toBeUndefined();
    expect(call?.arguments).toBe(args ?? '');
  });

  it('delivers invalid JSON with the raw text, no input and a parse error', () => {
    const { accumulator, sink } = run([tools({ index: 0, id: 'a', name: 'f', arguments: '{"n": 1,,}' }), finish()]);
    const message = accumulator.end();
    expect(sink.toolCalls).toHaveLength(1);
    expect(message.toolCalls[0]).toMatchObject({ id: 'a', name: 'f', arguments: '{"n": 1,,}', input: undefined });
    expect(message.toolCalls[0]?.parseError).toEqual(expect.any(String));
    expect(message.toolCalls[0]?.parseError).not.toBe('');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('generates an id when the vendor id is %s', (_label, id) => {
    const delta = id === undefined ? { index: 0, name: 'f' } : { index: 0, id, name: 'f' };
    const { accumulator, sink } = run([tools(delta), finish()]);
    const generated = accumulator.end().toolCalls[0]?.id ?? '';
    expect(isGeneratedToolCallId(generated)).toBe(true);
    expect(sink.toolCalls[0]?.id).toBe(generated);
  });

  it('generates ids unique across calls and across turns', () => {
    const ids: string[] = [];
    for (let turn = 0; turn < 3; turn++) {
      const { accumulator } = run([tools({ index: 0, name: 'f' }), tools({ index: 1, name: 'g' }), finish()]);
      for (const call of accumulator.end().toolCalls) ids.push(call.id);
    }
    expect(new Set(ids).size).toBe(6);
  });

  it.each(['call_abc123', 'toolu_01A09q90qw90lq917835lq9', 'call_sy-looking but vendor', ' spaced id '])(
    'keeps the vendor id %j as sent',
    (id) => {
      const { accumulator } = run([tools({ index: 0, id, name: 'f' }), finish()]);
      expect(accumulator.end().toolCalls[0]?.id).toBe(id);
    },
  );
});

describe('finish reasons', () => {
  it.each<[string, ChatChunk[], FinishReason]>([
    ['a clean stop with text', [text('hi'), finish('stop')], 'stop'],
    ['a clean stop after tool calls', [tools({ index: 0, id: 'a', name: 'f' }), finish('stop')], 'tool_calls'],
    ['a stop after a refusal', [deltaChunk({ refusal: 'I cannot help' }), finish('stop')], 'content_filter'],
    ['length with tool calls', [tools({ index: 0, id: 'a', name: 'f', arguments: '{"a' }), finish('length')], 'length'],
    ['content_filter', [text('x'), finish('content_filter')], 'content_filter'],
    ['error', [finish('error', 'MALFORMED_FUNCTION_CALL')], 'error'],
    ['other', [finish('other', 'pause_turn')], 'other'],
    ['tool_calls', [tools({ index: 0, id: 'a', name: 'f' }), finish('tool_calls')], 'tool_calls'],
  ])('reports %s as %s', (_label, chunks, expected) => {
    expect(run(chunks).accumulator.end().finishReason).toBe(expected);
  });

  it('keeps the vendor finish value beside the normalized one', () => {
    const message = run([finish('other', 'pause_turn')]).accumulator.end();
    expect(message).toMatchObject({ finishReason: 'other', rawFinishReason: 'pause_turn' });
  });

  it('keeps the vendor value when a clean stop with tool calls becomes tool_calls', () => {
    const message = run([tools({ index: 0, id: 'a', name: 'f' }), finish('stop', 'STOP')]).accumulator.end();
    expect(message).toMatchObject({ finishReason: 'tool_calls', rawFinishReason: 'STOP' });
  });

  it('collects the refusal text in message.refusal', () => {
    const message = run([
      deltaChunk({ refusal: 'I cannot ' }),
      deltaChunk({ refusal: 'help with that.' }),
      finish('stop'),
    ]).accumulator.end();
    expect(message.refusal).toBe('I cannot help with that.');
    expect(message.content).toBe('');
  });

  it.each<[FinishReason, boolean, boolean, FinishReason]>([
    ['stop', false, false, 'stop'],
    ['stop', true, false, 'tool_calls'],
    ['stop', false, true, 'content_filter'],
    ['stop', true, true, 'content_filter'],
    ['length', true, false, 'length'],
    ['length', false, true, 'length'],
    ['error', true, false, 'error'],
    ['other', false, false, 'other'],
  ])('normalizeFinish(%s, toolCalls=%s, refused=%s) is %s', (reason, hasToolCalls, refused, expected) => {
    expect(normalizeFinish(reason, hasToolCalls, refused)).toBe(expected);
  });

  it('marks the accumulator finished only once a finish reason arrives', () => {
    const { accumulator } = run([text('hi')]);
    expect(accumulator.finished).toBe(false);
    accumulator.push(finish());
    expect(accumulator.finished).toBe(true);
  });
});

describe('text, usage and reasoning', () => {
  it('reports each non-empty text delta as a token, in order', () => {
    const { sink, accumulator } = run([role(), text('Hel'), text(''), text('lo'), finish()]);
    expect(sink.tokens).toEqual(['Hel', 'lo']);
    expect(accumulator.end().content).toBe('Hello');
  });

  it('keeps the latest usage snapshot instead of summing', () => {
    const { accumulator } = run([
      usage({ inputTokens: 10, outputTokens: 1 }),
      text('hi'),
      usage({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4 }),
      finish(),
    ]);
    expect(accumulator.end().usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cachedInputTokens: 4,
    });
  });

  it('takes usage from a chunk that also finishes', () => {
    const { accumulator } = run([text('hi'), { ...finish(), usage: { inputTokens: 3, outputTokens: 2 } }]);
    expect(accumulator.end().usage).toEqual({ inputTokens: 3, outputTokens: 2 });
  });

  it('leaves usage out when no snapshot arrived', () => {
    expect(run([text('hi'), finish()]).accumulator.end()).not.toHaveProperty('usage');
  });

  it('reports reasoning deltas and joins them in message.reasoning', () => {
    const { sink, accumulator } = run([reasoning('Let me '), reasoning('think.'), text('42'), finish()]);
    const message = accumulator.end();
    expect(sink.reasoningTexts).toEqual(['Let me ', 'think.']);
    expect(message.reasoning).toBe('Let me think.');
    expect(message.reasoningParts).toEqual([{ text: 'Let me think.' }]);
  });

  it('closes a reasoning block on its signature and starts a new block after it', () => {
    const { accumulator } = run([
      reasoning('first'),
      deltaChunk({ reasoningSignature: 'sig-A' }),
      reasoning('second'),
      deltaChunk({ reasoningSignature: 'sig-B' }),
      finish(),
    ]);
    const message = accumulator.end();
    expect(message.reasoningParts).toEqual([
      { text: 'first', signature: 'sig-A' },
      { text: 'second', signature: 'sig-B' },
    ]);
    expect(message.reasoning).toBe('firstsecond');
  });

  it('keeps a signature that arrives without reasoning text as its own block', () => {
    const message = run([deltaChunk({ reasoningSignature: 'sig-only' }), text('hi'), finish()]).accumulator.end();
    expect(message.reasoningParts).toEqual([{ text: '', signature: 'sig-only' }]);
  });

  it('keeps redacted reasoning blocks verbatim between readable ones', () => {
    const message = run([
      reasoning('visible'),
      deltaChunk({ reasoningSignature: 'sig-1' }),
      deltaChunk({ redactedReasoning: 'opaque-blob==' }),
      reasoning('more'),
      finish(),
    ]).accumulator.end();
    expect(message.reasoningParts).toEqual([
      { text: 'visible', signature: 'sig-1' },
      { text: '', redacted: 'opaque-blob==' },
      { text: 'more' },
    ]);
  });

  it('leaves reasoning out of a message that had none', () => {
    const message = run([text('hi'), finish()]).accumulator.end();
    expect(message).not.toHaveProperty('reasoning');
    expect(message).not.toHaveProperty('reasoningParts');
  });

  it('assembles only choice 0', () => {
    const { accumulator, sink } = run([
      {
        choices: [
          { index: 1, delta: { content: 'other choice' }, finishReason: 'stop' },
          { index: 0, delta: { content: 'mine' }, finishReason: null },
        ],
      },
      { choices: [{ index: 1, delta: { toolCalls: [{ index: 0, id: 'x', name: 'f' }] }, finishReason: null }] },
    ]);
    expect(accumulator.finished).toBe(false);
    accumulator.push(finish());
    expect(accumulator.end()).toMatchObject({ content: 'mine', toolCalls: [] });
    expect(sink.tokens).toEqual(['mine']);
  });
});

describe('end, partial and delivered', () => {
  it('throws stream_truncated with the partial output when no finish arrived', () => {
    const { accumulator } = run([text('half an ans'), tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":' })]);
    let caught: unknown;
    try {
      accumulator.end('openai');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LLMError);
    const error = caught as LLMError;
    expect(error).toMatchObject({ code: 'stream_truncated', provider: 'openai' });
    expect(error.partial).toMatchObject({
      content: 'half an ans',
      finishReason: 'error',
      toolCalls: [{ id: 'a', name: 'f', arguments: '{"n":', input: undefined }],
    });
  });

  it('returns a message with finishReason error from partial(), including calls not delivered yet', () => {
    const { accumulator, sink } = run([
      text('so far'),
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"n":1}' }),
      tools({ index: 0, arguments: '' }),
    ]);
    const partial = accumulator.partial();
    expect(partial).toMatchObject({ role: 'assistant', content: 'so far', finishReason: 'error' });
    expect(partial.toolCalls).toEqual([{ id: 'a', name: 'f', arguments: '{"n":1}', input: { n: 1 } }]);
    expect(sink.toolCalls).toEqual([]);
  });

  it('gives partial() an error finish even after the finish arrived', () => {
    const { accumulator } = run([text('done'), finish('stop')]);
    expect(accumulator.partial().finishReason).toBe('error');
  });

  it('returns copies of reasoning parts that later chunks do not change', () => {
    const { accumulator } = run([reasoning('a')]);
    const partial = accumulator.partial();
    accumulator.push(reasoning('b'));
    expect(partial.reasoningParts).toEqual([{ text: 'a' }]);
  });

  it.each<[string, boolean, ChatChunk[]]>([
    ['nothing', false, []],
    ['a role-only chunk', false, [role()]],
    ['an empty text delta', false, [text('')]],
    ['a usage snapshot', false, [usage({ inputTokens: 1, outputTokens: 0 })]],
    ['a tool call still being assembled', false, [tools({ index: 0, id: 'a', name: 'f', arguments: '{}' })]],
    ['text', true, [text('x')]],
    ['reasoning', true, [reasoning('x')]],
    ['a refusal', true, [deltaChunk({ refusal: 'no' })]],
    ['a delivered tool call', true, [tools({ index: 0, id: 'a', name: 'f', arguments: '{}', done: true })]],
  ])('after %s, delivered is %s', (_label, expected, chunks) => {
    expect(run(chunks).accumulator.delivered).toBe(expected);
  });
});

describe('who answered', () => {
  it('stamps the provider, the vendor-reported model and the first response id on the message', () => {
    const accumulator = createAccumulator(recordingSink(), { provider: 'openai', model: 'gpt-4o' });
    accumulator.push(deltaChunk({ content: 'hi' }, { id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06' }));
    accumulator.push(deltaChunk({ content: '!' }, { id: 'other', model: 'other' }));
    accumulator.push(finish());
    expect(accumulator.end()).toMatchObject({ provider: 'openai', model: 'gpt-4o-2024-08-06', id: 'chatcmpl-1' });
  });

  it('falls back to the requested model when the vendor names none, and leaves id out', () => {
    const accumulator = createAccumulator(recordingSink(), { provider: 'google', model: 'gemini-2.5-flash' });
    accumulator.push(deltaChunk({ content: 'hi' }, { id: '', model: '' }));
    accumulator.push(finish());
    const message = accumulator.end();
    expect(message).toMatchObject({ provider: 'google', model: 'gemini-2.5-flash' });
    expect('id' in message).toBe(false);
  });

  it('carries provider and model on the partial message too', () => {
    const accumulator = createAccumulator(recordingSink(), { provider: 'anthropic', model: 'claude' });
    accumulator.push(deltaChunk({ content: 'hi' }, { id: 'msg_1', model: 'claude-sonnet-4-5' }));
    expect(accumulator.partial()).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', id: 'msg_1' });
    let error: unknown;
    try {
      accumulator.end();
    } catch (caught) {
      error = caught;
    }
    expect((error as LLMError).partial).toMatchObject({ provider: 'anthropic', id: 'msg_1' });
    expect((error as LLMError).provider).toBe('anthropic');
  });

  it('tags the issuer on signed and redacted reasoning and on signed tool calls only', () => {
    const { accumulator, sink } = (() => {
      const sink = recordingSink();
      const accumulator = createAccumulator(sink, { provider: 'google' });
      for (const chunk of [
        reasoning('plain'),
        deltaChunk({ reasoning: 'signed', reasoningSignature: 'sig-1' }),
        deltaChunk({ redactedReasoning: 'opaque' }),
        reasoning('unsigned tail'),
        tools({ index: 0, id: 'a', name: 'f', arguments: '{}', signature: 'ts-1' }),
        tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }),
        finish('tool_calls'),
      ]) {
        accumulator.push(chunk);
      }
      return { accumulator, sink };
    })();
    const message = accumulator.end();
    expect(message.reasoningParts).toEqual([
      { text: 'plainsigned', signature: 'sig-1', provider: 'google' },
      { text: '', redacted: 'opaque', provider: 'google' },
      { text: 'unsigned tail' },
    ]);
    expect(message.toolCalls.map((call) => call.provider)).toEqual(['google', undefined]);
    expect(sink.toolCalls[0]?.provider).toBe('google');
  });

  it('sets no identity when created without options (custom pipelines)', () => {
    const { accumulator } = run([text('x'), finish()]);
    const message = accumulator.end();
    expect(message.provider).toBeUndefined();
    expect(message.model).toBeUndefined();
  });
});

describe('linear time on hostile streams', () => {
  // Same-process timing ratios, never absolute times: quadratic work makes 4n cost ~16x n.
  function timed(work: () => void): number {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      work();
      best = Math.min(best, performance.now() - start);
    }
    return Math.max(best, 0.5);
  }

  function manyCalls(n: number): () => void {
    const chunks: ChatChunk[] = [];
    for (let i = 0; i < n; i++) chunks.push(tools({ index: i, id: `c${i}`, name: 'f', arguments: '{"n":' }));
    chunks.push(finish('tool_calls'));
    return () => {
      const accumulator = createAccumulator({ token() {}, reasoning() {}, toolCall() {} });
      for (const chunk of chunks) accumulator.push(chunk);
      accumulator.end();
    };
  }

  // Each chunk adds one byte to a huge call that never closes and starts a new index.
  function invalidPrefix(bytes: number, chunksAfter: number): () => void {
    const chunks: ChatChunk[] = [tools({ index: 0, id: 'big', name: 'f', arguments: `{"a":"${'x'.repeat(bytes)}` })];
    for (let i = 1; i <= chunksAfter; i++) {
      chunks.push(tools({ index: 0, arguments: 'y' }, { index: i, id: `c${i}`, name: 'g', arguments: '{}' }));
    }
    chunks.push(finish('tool_calls'));
    return () => {
      const accumulator = createAccumulator({ token() {}, reasoning() {}, toolCall() {} });
      for (const chunk of chunks) accumulator.push(chunk);
      accumulator.end();
    };
  }

  it('takes about 4x the work for 4x the tool calls (25k vs 100k calls with unclosed arguments)', () => {
    manyCalls(5_000)();
    const small = timed(manyCalls(25_000));
    const large = timed(manyCalls(100_000));
    expect(large / small).toBeLessThan(8);
  }, 120_000);

  it('reads a huge unclosed call once, not once per later chunk (2.5 MB + 250 vs 10 MB + 1,000)', () => {
    invalidPrefix(100_000, 10)();
    const small = timed(invalidPrefix(2_500_000, 250));
    const large = timed(invalidPrefix(10_000_000, 1_000));
    expect(large / small).toBeLessThan(8);
  }, 120_000);

  it('still delivers the small calls of the hostile stream as each later index starts', () => {
    const sink = recordingSink();
    const accumulator = createAccumulator(sink);
    accumulator.push(tools({ index: 0, id: 'big', name: 'f', arguments: '{"a":"' }));
    accumulator.push(tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }));
    accumulator.push(tools({ index: 0, arguments: 'x"}' }, { index: 2, id: 'c', name: 'h', arguments: '{}' }));
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['big', 'b']);
  });

  it('does not deliver on a later index a call whose text holds more than one JSON value', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{}{"n":1' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }),
    ]);
    expect(sink.toolCalls).toEqual([]);
  });

  it('waits for a call whose braces sit inside a string', () => {
    const { sink } = run([
      tools({ index: 0, id: 'a', name: 'f', arguments: '{"s":"}\\"' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }),
    ]);
    expect(sink.toolCalls).toEqual([]);
  });

  it('proves calls complete when a later index starts even if indexes arrived out of order', () => {
    const { sink } = run([
      tools({ index: 2, id: 'c', name: 'h', arguments: '{}' }),
      tools({ index: 0, id: 'a', name: 'f', arguments: '{}' }),
      tools({ index: 1, id: 'b', name: 'g', arguments: '{}' }),
    ]);
    expect(sink.toolCalls.map((call) => call.id)).toEqual(['a']);
  });
});

describe('several entries for choice 0 in one chunk', () => {
  it('applies them in order (a vendor event that carries whole blocks)', () => {
    const sink = recordingSink();
    const accumulator = createAccumulator(sink);
    accumulator.push({
      choices: [
        { index: 0, delta: { reasoning: 'one', reasoningSignature: 's1' }, finishReason: null },
        { index: 0, delta: { reasoning: 'two', reasoningSignature: 's2' }, finishReason: null },
        { index: 0, delta: { content: 'text' }, finishReason: null },
      ],
    });
    accumulator.push(finish());
    expect(accumulator.end().reasoningParts).toEqual([
      { text: 'one', signature: 's1' },
      { text: 'two', signature: 's2' },
    ]);
    expect(sink.events.map((e) => e.type)).toEqual(['reasoning', 'reasoning', 'token']);
  });
});
