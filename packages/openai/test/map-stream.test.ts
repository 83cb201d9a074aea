import type { ChatChunk, ChunkChoice } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createStreamState, mapChunk, type WireChoice, type WireChunk } from '../src/map-stream.js';

const ID = 'chatcmpl-BtR4k9Lw2ZqYxN7vHc3JmPd8sFaE1';
const MODEL = 'gpt-4o-2024-08-06';

function chunk(choices: WireChoice[], extra: Partial<WireChunk> = {}): WireChunk {
  return { id: ID, model: MODEL, choices, ...extra };
}

function mapOne(choice: WireChoice): ChunkChoice {
  const mapped = mapChunk(chunk([choice]), createStreamState());
  return mapped!.choices[0]!;
}

describe('mapChunk: deltas', () => {
  it.each<[string, WireChoice, ChunkChoice]>([
    [
      'the role chunk with empty content',
      { index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null },
      { index: 0, delta: { role: 'assistant' }, finishReason: null },
    ],
    [
      'text',
      { index: 0, delta: { content: 'Hello' }, finish_reason: null },
      { index: 0, delta: { content: 'Hello' }, finishReason: null },
    ],
    [
      'refusal text',
      { index: 0, delta: { refusal: "I can't" }, finish_reason: null },
      { index: 0, delta: { refusal: "I can't" }, finishReason: null },
    ],
    [
      'DeepSeek reasoning_content',
      { index: 0, delta: { content: null, reasoning_content: 'Hmm' }, finish_reason: null },
      { index: 0, delta: { reasoning: 'Hmm' }, finishReason: null },
    ],
    [
      'Ollama/Groq reasoning',
      { index: 0, delta: { content: '', reasoning: 'Let me think' }, finish_reason: null },
      { index: 0, delta: { reasoning: 'Let me think' }, finishReason: null },
    ],
    [
      'both reasoning fields with the same text (vLLM), once',
      { index: 0, delta: { reasoning_content: 'x', reasoning: 'x' }, finish_reason: null },
      { index: 0, delta: { reasoning: 'x' }, finishReason: null },
    ],
    [
      'Mistral thinking and text parts',
      {
        index: 0,
        delta: {
          content: [
            {
              type: 'thinking',
              thinking: [
                { type: 'text', text: 'First, ' },
                { type: 'text', text: 'check.' },
              ],
            },
            { type: 'text', text: 'Done' },
          ],
        },
        finish_reason: null,
      },
      { index: 0, delta: { content: 'Done', reasoning: 'First, check.' }, finishReason: null },
    ],
    ['an empty delta', { index: 0, delta: {}, finish_reason: null }, { index: 0, delta: {}, finishReason: null }],
    ['a missing delta', { index: 0, finish_reason: null }, { index: 0, delta: {}, finishReason: null }],
    [
      'an empty-string finish_reason as not finished',
      { index: 0, delta: { content: 'a' }, finish_reason: '' },
      { index: 0, delta: { content: 'a' }, finishReason: null },
    ],
    [
      'the finish, with the raw value kept',
      { index: 0, delta: {}, finish_reason: 'length' },
      { index: 0, delta: {}, finishReason: 'length', rawFinishReason: 'length' },
    ],
    [
      'an unknown finish as other',
      { index: 0, delta: {}, finish_reason: 'abort' },
      { index: 0, delta: {}, finishReason: 'other', rawFinishReason: 'abort' },
    ],
  ])('maps %s', (_name, choice, expected) => {
    expect(mapOne(choice)).toEqual(expected);
  });
});

describe('mapChunk: tool calls', () => {
  it.each<[string, WireChoice, ChunkChoice]>([
    [
      'the first fragment with id, name and empty arguments',
      {
        index: 0,
        delta: {
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        },
        finish_reason: null,
      },
      {
        index: 0,
        delta: { role: 'assistant', toolCalls: [{ index: 0, id: 'call_A', name: 'get_weather' }] },
        finishReason: null,
      },
    ],
    [
      'an arguments fragment, passed through as sent',
      { index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '{"ci' } }] }, finish_reason: null },
      { index: 0, delta: { toolCalls: [{ index: 1, arguments: '{"ci' }] }, finishReason: null },
    ],
    [
      'a fragment without index (the index stays omitted)',
      {
        index: 0,
        delta: { tool_calls: [{ id: 'call_B', function: { name: 'f', arguments: '{}' } }] },
        finish_reason: null,
      },
      { index: 0, delta: { toolCalls: [{ id: 'call_B', name: 'f', arguments: '{}' }] }, finishReason: null },
    ],
    [
      'Ollama: a whole call at index 0 with its own id',
      {
        index: 0,
        delta: {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'call_p3n9r7tz', index: 0, type: 'function', function: { name: 'g', arguments: '{"a":1}' } },
          ],
        },
        finish_reason: null,
      },
      {
        index: 0,
        delta: { role: 'assistant', toolCalls: [{ index: 0, id: 'call_p3n9r7tz', name: 'g', arguments: '{"a":1}' }] },
        finishReason: null,
      },
    ],
    [
      'two calls in one delta',
      {
        index: 0,
        delta: {
          tool_calls: [
            { index: 0, function: { arguments: '}' } },
            { index: 1, id: 'call_C', function: { name: 'h' } },
          ],
        },
        finish_reason: null,
      },
      {
        index: 0,
        delta: {
          toolCalls: [
            { index: 0, arguments: '}' },
            { index: 1, id: 'call_C', name: 'h' },
          ],
        },
        finishReason: null,
      },
    ],
    [
      'an empty id as no id (core generates one)',
      { index: 0, delta: { tool_calls: [{ index: 0, id: '', function: { name: 'f' } }] }, finish_reason: null },
      { index: 0, delta: { toolCalls: [{ index: 0, name: 'f' }] }, finishReason: null },
    ],
    [
      'a legacy function_call fragment as the call at index 0',
      {
        index: 0,
        delta: { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '' } },
        finish_reason: null,
      },
      { index: 0, delta: { role: 'assistant', toolCalls: [{ index: 0, name: 'get_weather' }] }, finishReason: null },
    ],
    [
      'the legacy function_call finish as tool_calls',
      { index: 0, delta: {}, finish_reason: 'function_call' },
      { index: 0, delta: {}, finishReason: 'tool_calls', rawFinishReason: 'function_call' },
    ],
  ])('maps %s', (_name, choice, expected) => {
    expect(mapOne(choice)).toEqual(expected);
  });
});

describe('mapChunk: Gemini thought signatures (OpenAI-compatible endpoint)', () => {
  it('reads extra_content.google.thought_signature as the call signature', () => {
    const choice = mapOne({
      index: 0,
      delta: {
        role: 'assistant',
        tool_calls: [
          {
            id: 'fkd2l8qz',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            extra_content: { google: { thought_signature: 'CiQBsig' } },
          },
        ],
      },
    });
    expect(choice.delta.toolCalls).toEqual([
      { id: 'fkd2l8qz', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBsig' },
    ]);
  });

  it('keeps a signature that comes in a fragment of its own, and the vertex namespace', () => {
    const choice = mapOne({
      index: 0,
      delta: { tool_calls: [{ extra_content: { vertex: { thought_signature: 'CiQBv' } } }] },
    });
    expect(choice.delta.toolCalls).toEqual([{ signature: 'CiQBv' }]);
  });
});

describe('mapChunk: chunks', () => {
  it('keeps the id and model', () => {
    const mapped = mapChunk(chunk([{ index: 0, delta: { content: 'a' }, finish_reason: null }]), createStreamState());
    expect(mapped).toMatchObject({ id: ID, model: MODEL });
  });

  it('maps the usage chunk with choices []', () => {
    const mapped = mapChunk(
      chunk([], {
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          total_tokens: 15,
          prompt_tokens_details: { cached_tokens: 4 },
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      }),
      createStreamState(),
    );
    expect(mapped).toEqual<ChatChunk>({
      id: ID,
      model: MODEL,
      choices: [],
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4, reasoningTokens: 2 },
    });
  });

  it("reads Groq's x_groq.usage", () => {
    const mapped = mapChunk(
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], {
        x_groq: { usage: { prompt_tokens: 44, completion_tokens: 5, total_tokens: 49 } },
      }),
      createStreamState(),
    );
    expect(mapped?.usage).toEqual({ inputTokens: 44, outputTokens: 5, totalTokens: 49 });
  });

  it('skips a chunk with no choices and no usage', () => {
    expect(mapChunk({ id: '', model: '', choices: [] }, createStreamState())).toBeUndefined();
    expect(mapChunk({ choices: null, usage: null }, createStreamState())).toBeUndefined();
  });

  it('maps every choice with its index', () => {
    const mapped = mapChunk(
      chunk([
        { index: 0, delta: { content: 'a' }, finish_reason: null },
        { index: 1, delta: { content: 'b' }, finish_reason: null },
      ]),
      createStreamState(),
    );
    expect(mapped?.choices.map((c) => [c.index, c.delta.content])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
  });
});

describe('mapChunk: refusals', () => {
  it('reports a stop after streamed refusal text as content_filter, keeping the raw stop', () => {
    const state = createStreamState();
    mapChunk(
      chunk([{ index: 0, delta: { role: 'assistant', content: null, refusal: '' }, finish_reason: null }]),
      state,
    );
    mapChunk(chunk([{ index: 0, delta: { refusal: 'No.' }, finish_reason: null }]), state);
    const end = mapChunk(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]), state);
    expect(end?.choices[0]).toEqual({ index: 0, delta: {}, finishReason: 'content_filter', rawFinishReason: 'stop' });
  });

  it('leaves a stop without refusal text as stop', () => {
    const state = createStreamState();
    mapChunk(
      chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }]),
      state,
    );
    const end = mapChunk(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]), state);
    expect(end?.choices[0]?.finishReason).toBe('stop');
  });

  it('tracks refusals per choice', () => {
    const state = createStreamState();
    mapChunk(chunk([{ index: 1, delta: { refusal: 'No.' }, finish_reason: null }]), state);
    const end = mapChunk(
      chunk([
        { index: 0, delta: {}, finish_reason: 'stop' },
        { index: 1, delta: {}, finish_reason: 'stop' },
      ]),
      state,
    );
    expect(end?.choices.map((c) => c.finishReason)).toEqual(['stop', 'content_filter']);
  });

  it('keeps a refusal that ends for another reason as that reason', () => {
    const state = createStreamState();
    mapChunk(chunk([{ index: 0, delta: { refusal: 'No' }, finish_reason: null }]), state);
    const end = mapChunk(chunk([{ index: 0, delta: {}, finish_reason: 'length' }]), state);
    expect(end?.choices[0]?.finishReason).toBe('length');
  });
});
