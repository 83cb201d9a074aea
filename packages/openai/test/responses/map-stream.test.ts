import { type ChatChunk, isLLMError, type LLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  createStreamState,
  mapEvent,
  type ResponsesStreamState,
  type ResponsesWireEvent,
} from '../../src/responses/map-stream.js';

function run(events: ResponsesWireEvent[], state: ResponsesStreamState = createStreamState('openai')): ChatChunk[] {
  const out: ChatChunk[] = [];
  for (const event of events) {
    const chunk = mapEvent(event, state);
    if (chunk !== undefined) out.push(chunk);
  }
  return out;
}

function thrown(events: ResponsesWireEvent[]): LLMError {
  try {
    run(events);
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  throw new Error('expected mapEvent to throw');
}

const deltas = (chunks: ChatChunk[]) => chunks.map((chunk) => chunk.choices[0]!.delta);
const completed = (usage?: object): ResponsesWireEvent => ({
  type: 'response.completed',
  response: { id: 'resp_1', model: 'gpt-4.1', status: 'completed', usage: usage ?? null },
});

describe('mapEvent', () => {
  it('maps output_text deltas to content and skips empty ones', () => {
    const chunks = run([
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'Hel' },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: '' },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'lo' },
    ]);
    expect(deltas(chunks)).toEqual([{ content: 'Hel' }, { content: 'lo' }]);
  });

  it('takes the response id and model from response.created', () => {
    const [chunk] = run([
      { type: 'response.created', response: { id: 'resp_9', model: 'o4-mini', status: 'in_progress' } },
    ]);
    expect(chunk).toMatchObject({ id: 'resp_9', model: 'o4-mini', choices: [{ delta: { role: 'assistant' } }] });
  });

  it('joins the summary parts of one response with a blank line, across reasoning items', () => {
    const chunks = run([
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0 },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', delta: 'First' },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', delta: ' part' },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0 },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', delta: 'Second' },
      { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: 'rs_1' } },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_2', output_index: 1 },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_2', delta: 'Third' },
    ]);
    const text = deltas(chunks)
      .map((delta) => delta.reasoning ?? '')
      .join('');
    expect(text).toBe('First part\n\nSecond\n\nThird');
  });

  it('closes a reasoning item with its id and encrypted content', () => {
    const chunks = run([
      { type: 'response.output_item.done', item: { type: 'reasoning', id: 'rs_7', encrypted_content: 'gAAAA…' } },
    ]);
    expect(deltas(chunks)).toEqual([{ reasoningItemId: 'rs_7', reasoningSignature: 'gAAAA…' }]);
  });

  it('delivers a function call whole when its item is done, with call_id as id and the fc_ item id', () => {
    const chunks = run([
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '' },
      },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"city":' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '"Paris"}' },
    ]);
    expect(chunks).toEqual([]);
    const done = run([
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: {
          type: 'function_call',
          id: 'fc_1',
          call_id: 'call_1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
      },
    ]);
    expect(deltas(done)).toEqual([
      {
        toolCalls: [
          { index: 0, id: 'call_1', name: 'get_weather', itemId: 'fc_1', arguments: '{"city":"Paris"}', done: true },
        ],
      },
    ]);
  });

  it('routes interleaved argument deltas of two calls with the same name by item id', () => {
    const state = createStreamState('openai');
    const added = (n: number): ResponsesWireEvent => ({
      type: 'response.output_item.added',
      output_index: n,
      item: { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: 'lookup', arguments: '' },
    });
    const delta = (n: number, text: string): ResponsesWireEvent => ({
      type: 'response.function_call_arguments.delta',
      item_id: `fc_${n}`,
      output_index: n,
      delta: text,
    });
    // Done items without `arguments`: only the routed deltas can fill them.
    const done = (n: number): ResponsesWireEvent => ({
      type: 'response.output_item.done',
      output_index: n,
      item: { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: 'lookup' },
    });
    const chunks = run(
      [added(0), added(1), delta(1, '{"q":'), delta(0, '{"q":'), delta(0, '"a"}'), delta(1, '"b"}'), done(1), done(0)],
      state,
    );
    expect(deltas(chunks).map((d) => d.toolCalls?.[0])).toEqual([
      { index: 1, id: 'call_1', name: 'lookup', itemId: 'fc_1', arguments: '{"q":"b"}', done: true },
      { index: 0, id: 'call_0', name: 'lookup', itemId: 'fc_0', arguments: '{"q":"a"}', done: true },
    ]);
  });

  it('routes argument deltas without an item id by output index', () => {
    const chunks = run([
      {
        type: 'response.output_item.added',
        output_index: 3,
        item: { type: 'function_call', id: 'fc_3', call_id: 'call_3', name: 'f' },
      },
      { type: 'response.function_call_arguments.delta', output_index: 3, delta: '{}' },
      {
        type: 'response.output_item.done',
        output_index: 3,
        item: { type: 'function_call', call_id: 'call_3', name: 'f' },
      },
    ]);
    expect(deltas(chunks)[0]?.toolCalls?.[0]).toMatchObject({ index: 0, id: 'call_3', arguments: '{}' });
  });

  it('keeps arguments an added item already carries when no deltas or done follow', () => {
    const chunks = run([
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
      },
      completed(),
    ]);
    expect(chunks.at(-1)!.choices[0]!.delta.toolCalls?.[0]?.arguments).toBe('{"a":1}');
  });

  it('passes empty arguments as "" (core makes the input {})', () => {
    const chunks = run([
      {
        type: 'response.output_item.done',
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'now', arguments: '' },
      },
    ]);
    expect(deltas(chunks)[0]?.toolCalls?.[0]?.arguments).toBe('');
  });

  it('finishes a completed response with function calls as tool_calls, with usage', () => {
    const chunks = run([
      {
        type: 'response.output_item.done',
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}' },
      },
      completed({
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 15,
      }),
    ]);
    const last = chunks.at(-1)!;
    expect(last.choices[0]).toMatchObject({ finishReason: 'tool_calls', rawFinishReason: 'completed' });
    expect(last.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cachedInputTokens: 4,
      reasoningTokens: 2,
    });
    expect(last.id).toBe('resp_1');
  });

  it('sends a call whose item never reported done with the finish', () => {
    const chunks = run([
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f' },
      },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '{"a":1}' },
      completed(),
    ]);
    expect(chunks.at(-1)!.choices[0]!.delta.toolCalls).toEqual([
      { index: 0, id: 'call_1', name: 'f', itemId: 'fc_1', arguments: '{"a":1}', done: true },
    ]);
  });

  it('maps refusal deltas to refusal and the clean finish to content_filter', () => {
    const chunks = run([{ type: 'response.refusal.delta', delta: "I can't" }, completed()]);
    expect(deltas(chunks)[0]).toEqual({ refusal: "I can't" });
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ finishReason: 'content_filter', rawFinishReason: 'completed' });
  });

  it.each([
    ['max_output_tokens', 'length', 'incomplete:max_output_tokens'],
    ['content_filter', 'content_filter', 'incomplete:content_filter'],
  ])('maps response.incomplete with %s to %s', (reason, finishReason, rawFinishReason) => {
    const [chunk] = run([
      { type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason } } },
    ]);
    expect(chunk!.choices[0]).toMatchObject({ finishReason, rawFinishReason });
  });

  it('throws the mapped error of response.failed', () => {
    const error = thrown([
      {
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'server_error', message: 'An error occurred.' } },
      },
    ]);
    expect({ code: error.code, provider: error.provider }).toEqual({ code: 'server', provider: 'openai' });
  });

  it.each<[string, ResponsesWireEvent, string]>([
    ['flat', { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down.', param: null }, 'rate_limit'],
    [
      'nested',
      {
        type: 'error',
        error: { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'Too long.' },
      },
      'context_length',
    ],
  ])('throws the mapped error of an error event in the %s shape', (_shape, event, code) => {
    expect(thrown([event]).code).toBe(code);
  });

  it('lets the first terminal signal win: events after it are ignored', () => {
    const state = createStreamState('openai');
    const chunks = run(
      [
        completed(),
        { type: 'response.output_text.delta', delta: 'late' },
        { type: 'error', code: 'server_error', message: 'late' },
        {
          type: 'response.incomplete',
          response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
        },
      ],
      state,
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.choices[0]!.finishReason).toBe('stop');
  });

  it('ignores lifecycle events that carry nothing', () => {
    expect(
      run([
        { type: 'response.in_progress' },
        { type: 'response.content_part.added' },
        { type: 'response.output_text.done' },
        { type: 'response.function_call_arguments.done', item_id: 'fc_x' },
        { type: 'response.output_item.done', item: { type: 'message', id: 'msg_1' } },
      ]),
    ).toEqual([]);
  });
});
