import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { type ChatChunk, createAccumulator } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createStreamState, mapStreamEvent, type StreamState } from '../src/map-stream.js';

// Events exactly as the SDK yields them: the JSON of each `data:` line.
const event = (data: Record<string, unknown>): RawMessageStreamEvent => data as unknown as RawMessageStreamEvent;

const messageStart = event({
  type: 'message_start',
  message: {
    model: 'claude-sonnet-5-5',
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 50, cache_read_input_tokens: 1800, cache_creation_input_tokens: 250, output_tokens: 1 },
  },
});
const blockStart = (index: number, block: Record<string, unknown>) =>
  event({ type: 'content_block_start', index, content_block: block });
const blockDelta = (index: number, delta: Record<string, unknown>) =>
  event({ type: 'content_block_delta', index, delta });
const blockStop = (index: number) => event({ type: 'content_block_stop', index });
const toolUse = (id: string, name: string) => ({ type: 'tool_use', id, name, input: {}, caller: { type: 'direct' } });
const delta = (content: Record<string, unknown>): ChatChunk => ({
  choices: [{ index: 0, delta: content, finishReason: null }],
});

/** Maps events in order with one state, returning every chunk (undefined for skipped events). */
function run(events: RawMessageStreamEvent[], state: StreamState = createStreamState()): (ChatChunk | undefined)[] {
  return events.map((e) => mapStreamEvent(e, state));
}

describe('mapStreamEvent: one event at a time', () => {
  it('maps message_start to the id, model, role and a usage snapshot with cached tokens', () => {
    expect(mapStreamEvent(messageStart, createStreamState())).toEqual({
      id: 'msg_01',
      model: 'claude-sonnet-5-5',
      choices: [{ index: 0, delta: { role: 'assistant' }, finishReason: null }],
      usage: { inputTokens: 2100, outputTokens: 1, totalTokens: 2101, cachedInputTokens: 1800, cacheWriteTokens: 250 },
    });
  });

  it.each<[string, RawMessageStreamEvent[], ChatChunk | undefined]>([
    ['an empty text block start reports nothing', [blockStart(0, { type: 'text', text: '' })], undefined],
    [
      'a text block start with text reports it',
      [blockStart(0, { type: 'text', text: 'Hi' })],
      delta({ content: 'Hi' }),
    ],
    [
      'text_delta becomes content',
      [blockStart(0, { type: 'text', text: '' }), blockDelta(0, { type: 'text_delta', text: 'Hello' })],
      delta({ content: 'Hello' }),
    ],
    [
      'an empty text_delta is skipped',
      [blockStart(0, { type: 'text', text: '' }), blockDelta(0, { type: 'text_delta', text: '' })],
      undefined,
    ],
    [
      'an empty thinking block start reports nothing',
      [blockStart(0, { type: 'thinking', thinking: '', signature: '' })],
      undefined,
    ],
    [
      'thinking_delta becomes reasoning',
      [
        blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        blockDelta(0, { type: 'thinking_delta', thinking: 'Hmm' }),
      ],
      delta({ reasoning: 'Hmm' }),
    ],
    [
      'signature_delta becomes reasoningSignature',
      [
        blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        blockDelta(0, { type: 'signature_delta', signature: 'Sig==' }),
      ],
      delta({ reasoningSignature: 'Sig==' }),
    ],
    [
      'a thinking block that starts whole reports text and signature',
      [blockStart(0, { type: 'thinking', thinking: 'All', signature: 'Sig' })],
      delta({ reasoning: 'All', reasoningSignature: 'Sig' }),
    ],
    [
      'redacted_thinking becomes redactedReasoning',
      [blockStart(0, { type: 'redacted_thinking', data: 'EmwK==' })],
      delta({ redactedReasoning: 'EmwK==' }),
    ],
    [
      'a tool_use start becomes a tool-call delta with id and name',
      [blockStart(0, toolUse('toolu_1', 'get_weather'))],
      delta({ toolCalls: [{ index: 0, id: 'toolu_1', name: 'get_weather' }] }),
    ],
    [
      'input_json_delta becomes an arguments fragment',
      [blockStart(0, toolUse('toolu_1', 'f')), blockDelta(0, { type: 'input_json_delta', partial_json: '{"a": "b\\' })],
      delta({ toolCalls: [{ index: 0, arguments: '{"a": "b\\' }] }),
    ],
    [
      'an empty partial_json is skipped',
      [blockStart(0, toolUse('toolu_1', 'f')), blockDelta(0, { type: 'input_json_delta', partial_json: '' })],
      undefined,
    ],
    [
      'a stopped tool_use block is a whole call',
      [blockStart(0, toolUse('toolu_1', 'f')), blockStop(0)],
      delta({ toolCalls: [{ index: 0, done: true }] }),
    ],
    ['a stopped text block reports nothing', [blockStart(0, { type: 'text', text: '' }), blockStop(0)], undefined],
    [
      'server_tool_use is not a tool call',
      [blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} })],
      undefined,
    ],
    [
      'server_tool_use input is not an arguments fragment',
      [
        blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }),
        blockDelta(0, { type: 'input_json_delta', partial_json: '{"query"' }),
      ],
      undefined,
    ],
    [
      'a stopped server_tool_use block reports nothing',
      [blockStart(0, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }), blockStop(0)],
      undefined,
    ],
    [
      'web_search_tool_result is skipped',
      [blockStart(0, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] })],
      undefined,
    ],
    [
      'citations_delta is skipped',
      [
        blockStart(0, { type: 'text', text: '', citations: [] }),
        blockDelta(0, { type: 'citations_delta', citation: { type: 'web_search_result_location' } }),
      ],
      undefined,
    ],
    [
      'an unknown delta type is skipped',
      [blockStart(0, { type: 'text', text: '' }), blockDelta(0, { type: 'compaction_delta', content: 'x' })],
      undefined,
    ],
    ['an unknown block type is skipped', [blockStart(0, { type: 'container_upload', file_id: 'f' })], undefined],
    ['an unknown event type is skipped', [event({ type: 'message_annotation', data: {} })], undefined],
  ])('%s', (_name, events, expected) => {
    expect(run(events).at(-1)).toEqual(expected);
  });
});

describe('mapStreamEvent: state across a stream', () => {
  it('numbers client tool calls 0, 1, 2 whatever their block index', () => {
    const chunks = run([
      blockStart(0, { type: 'text', text: '' }),
      blockStart(1, toolUse('toolu_a', 'a')),
      blockStart(2, { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }),
      blockStart(3, toolUse('toolu_b', 'b')),
      blockDelta(3, { type: 'input_json_delta', partial_json: '{}' }),
      blockStop(3),
      blockDelta(1, { type: 'input_json_delta', partial_json: '{"x":1}' }),
      blockStop(1),
    ]);
    expect(chunks.slice(1)).toEqual([
      delta({ toolCalls: [{ index: 0, id: 'toolu_a', name: 'a' }] }),
      undefined,
      delta({ toolCalls: [{ index: 1, id: 'toolu_b', name: 'b' }] }),
      delta({ toolCalls: [{ index: 1, arguments: '{}' }] }),
      delta({ toolCalls: [{ index: 1, done: true }] }),
      delta({ toolCalls: [{ index: 0, arguments: '{"x":1}' }] }),
      delta({ toolCalls: [{ index: 0, done: true }] }),
    ]);
  });

  it('reports usage on message_delta and keeps the stop reason for message_stop', () => {
    const state = createStreamState();
    const chunks = run(
      [
        messageStart,
        event({
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 42 },
        }),
        event({ type: 'message_stop' }),
      ],
      state,
    );
    const usage = {
      inputTokens: 2100,
      outputTokens: 42,
      totalTokens: 2142,
      cachedInputTokens: 1800,
      cacheWriteTokens: 250,
    };
    expect(chunks[1]).toEqual({ choices: [], usage });
    expect(chunks[2]).toEqual({
      choices: [{ index: 0, delta: {}, finishReason: 'stop', rawFinishReason: 'end_turn' }],
      usage,
    });
  });

  it('puts the finish reason only on message_stop, once', () => {
    const chunks = run([
      messageStart,
      blockStart(0, toolUse('toolu_1', 'f')),
      blockStop(0),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 9 },
      }),
      event({ type: 'message_stop' }),
    ]);
    const finishes = chunks.flatMap((chunk) => chunk?.choices ?? []).filter((choice) => choice.finishReason !== null);
    expect(finishes).toEqual([{ index: 0, delta: {}, finishReason: 'tool_calls', rawFinishReason: 'tool_use' }]);
  });

  it('keeps the last non-null stop reason across several message_delta events', () => {
    const chunks = run([
      event({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens', stop_sequence: null },
        usage: { output_tokens: 5 },
      }),
      event({ type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 6 } }),
      event({ type: 'message_stop' }),
    ]);
    expect(chunks[2]?.choices[0]).toEqual({
      index: 0,
      delta: {},
      finishReason: 'length',
      rawFinishReason: 'max_tokens',
    });
  });

  it('finishes with "other" and no raw reason when message_stop comes without a stop reason', () => {
    expect(mapStreamEvent(event({ type: 'message_stop' }), createStreamState())?.choices).toEqual([
      { index: 0, delta: {}, finishReason: 'other' },
    ]);
  });

  it('turns a refusal explanation into refusal text', () => {
    const chunk = mapStreamEvent(
      event({
        type: 'message_delta',
        delta: {
          stop_reason: 'refusal',
          stop_sequence: null,
          stop_details: { type: 'refusal', category: 'cyber', explanation: 'Not this.' },
        },
        usage: { output_tokens: 3 },
      }),
      createStreamState(),
    );
    expect(chunk?.choices).toEqual([{ index: 0, delta: { refusal: 'Not this.' }, finishReason: null }]);
  });

  it('reports no refusal text when the refusal has no explanation', () => {
    const chunk = mapStreamEvent(
      event({
        type: 'message_delta',
        delta: {
          stop_reason: 'refusal',
          stop_sequence: null,
          stop_details: { type: 'refusal', category: null, explanation: null },
        },
        usage: { output_tokens: 3 },
      }),
      createStreamState(),
    );
    expect(chunk?.choices).toEqual([]);
  });

  it('keeps separate state per stream', () => {
    const first = createStreamState();
    const second = createStreamState();
    mapStreamEvent(blockStart(0, toolUse('toolu_a', 'a')), first);
    expect(mapStreamEvent(blockStart(0, toolUse('toolu_b', 'b')), second)).toEqual(
      delta({ toolCalls: [{ index: 0, id: 'toolu_b', name: 'b' }] }),
    );
  });
});

describe('mapStreamEvent: content that arrives whole', () => {
  const wholeTool = (id: string, input: Record<string, unknown>) => ({
    type: 'tool_use',
    id,
    name: 'get_weather',
    input,
    caller: { type: 'code_execution_20250825', tool_id: 'srvtoolu_01' },
  });
  const startWith = (content: unknown[], stopReason: string | null = null) =>
    event({
      type: 'message_start',
      message: {
        model: 'claude-sonnet-5-5',
        id: 'msg_02',
        type: 'message',
        role: 'assistant',
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 5 },
      },
    });

  it('sends the complete input of a tool_use block start when its block stops', () => {
    const chunks = run([blockStart(0, wholeTool('toolu_a', { city: 'Paris' })), blockStop(0)]);
    expect(chunks).toEqual([
      delta({ toolCalls: [{ index: 0, id: 'toolu_a', name: 'get_weather' }] }),
      delta({ toolCalls: [{ index: 0, arguments: '{"city":"Paris"}', done: true }] }),
    ]);
  });

  it('lets input_json_delta replace the input a block started with', () => {
    const chunks = run([
      blockStart(0, wholeTool('toolu_a', { city: 'Paris' })),
      blockDelta(0, { type: 'input_json_delta', partial_json: '{"city":"Rome"}' }),
      blockStop(0),
    ]);
    expect(chunks.at(-1)).toEqual(delta({ toolCalls: [{ index: 0, done: true }] }));
    expect(chunks[1]).toEqual(delta({ toolCalls: [{ index: 0, arguments: '{"city":"Rome"}' }] }));
  });

  it('keeps the empty input of a streamed block start as no arguments', () => {
    expect(run([blockStart(0, toolUse('toolu_a', 'f')), blockStop(0)]).at(-1)).toEqual(
      delta({ toolCalls: [{ index: 0, done: true }] }),
    );
  });

  it('maps a message_start that holds the whole turn: text, a finished tool call, and its stop reason', () => {
    const state = createStreamState();
    const start = mapStreamEvent(
      startWith([{ type: 'text', text: 'Checking.' }, wholeTool('toolu_b', { city: 'Oslo' })], 'tool_use'),
      state,
    );
    expect(start?.choices).toEqual([
      { index: 0, delta: { role: 'assistant' }, finishReason: null },
      { index: 0, delta: { content: 'Checking.' }, finishReason: null },
      { index: 0, delta: { toolCalls: [{ index: 0, id: 'toolu_b', name: 'get_weather' }] }, finishReason: null },
      { index: 0, delta: { toolCalls: [{ index: 0, done: true, arguments: '{"city":"Oslo"}' }] }, finishReason: null },
    ]);
    const stop = mapStreamEvent(event({ type: 'message_stop' }), state);
    expect(stop?.choices[0]).toMatchObject({ finishReason: 'tool_calls', rawFinishReason: 'tool_use' });
  });

  it('keeps each whole thinking block of a message_start apart, with its signature', () => {
    const start = mapStreamEvent(
      startWith([
        { type: 'thinking', thinking: 'one', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'thinking', thinking: 'two', signature: 'sig-2' },
      ]),
      createStreamState(),
    );
    expect(start?.choices.slice(1).map((choice) => choice.delta)).toEqual([
      { reasoning: 'one', reasoningSignature: 'sig-1' },
      { redactedReasoning: 'opaque' },
      { reasoning: 'two', reasoningSignature: 'sig-2' },
    ]);
  });

  it('numbers blocks that stream after a message_start with content after the whole ones', () => {
    const state = createStreamState();
    mapStreamEvent(startWith([wholeTool('toolu_b', { city: 'Oslo' })]), state);
    const chunks = run(
      [
        blockStart(1, toolUse('toolu_c', 'g')),
        blockDelta(1, { type: 'input_json_delta', partial_json: '{}' }),
        blockStop(1),
      ],
      state,
    );
    expect(chunks[0]).toEqual(delta({ toolCalls: [{ index: 1, id: 'toolu_c', name: 'g' }] }));
    expect(chunks[2]).toEqual(delta({ toolCalls: [{ index: 1, done: true }] }));
  });

  it('assembles a whole resumed turn into the message core returns', () => {
    const accumulator = createAccumulator({ token() {}, reasoning() {}, toolCall() {} });
    const state = createStreamState();
    for (const e of [
      startWith([{ type: 'text', text: 'Checking.' }, wholeTool('toolu_b', { city: 'Oslo' })], 'tool_use'),
      event({ type: 'message_stop' }),
    ]) {
      const chunk = mapStreamEvent(e, state);
      if (chunk !== undefined) accumulator.push(chunk);
    }
    expect(accumulator.end()).toMatchObject({
      content: 'Checking.',
      toolCalls: [{ id: 'toolu_b', name: 'get_weather', input: { city: 'Oslo' } }],
      finishReason: 'tool_calls',
    });
  });
});
