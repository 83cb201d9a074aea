import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../src/gemini-api-types.js';
import { createStreamState, mapPart, mapStreamEvent } from '../src/map-stream.js';

const text = (parts: object[], extra: object = {}): GeminiResponse => ({
  candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }],
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-1',
});

describe('mapPart', () => {
  it.each([
    ['text', { text: 'Hi' }, { content: 'Hi' }],
    ['a thought', { text: 'Hmm', thought: true }, { reasoning: 'Hmm' }],
    [
      'a signed thought',
      { text: 'Hmm', thought: true, thoughtSignature: 'S' },
      { reasoning: 'Hmm', reasoningSignature: 'S' },
    ],
    ['a signature alone on a thought', { text: '', thought: true, thoughtSignature: 'S' }, { reasoningSignature: 'S' }],
    ['a signature on plain text', { text: 'Hi', thoughtSignature: 'S' }, { content: 'Hi', reasoningSignature: 'S' }],
    ['a signature on empty text', { text: '', thoughtSignature: 'S' }, { reasoningSignature: 'S' }],
  ])('maps %s', (_name, part, delta) => {
    expect(mapPart(part, createStreamState('google'))).toEqual(delta);
  });

  it.each([
    ['empty text', { text: '' }],
    ['an empty thought', { text: '', thought: true }],
    ['an inline image', { inlineData: { mimeType: 'image/png', data: 'AAAA' } }],
    ['an empty part', {}],
  ])('skips %s', (_name, part) => {
    expect(mapPart(part, createStreamState('google'))).toBeUndefined();
  });

  it('maps a function call to a whole tool call with JSON arguments', () => {
    const state = createStreamState('google');
    expect(mapPart({ functionCall: { name: 'get_weather', args: { city: 'Zürich' } } }, state)).toEqual({
      toolCalls: [{ index: 0, name: 'get_weather', arguments: '{"city":"Zürich"}', done: true }],
    });
  });

  it('keeps the vendor id and the signature of a function call', () => {
    const state = createStreamState('google');
    expect(mapPart({ functionCall: { id: 'fc_1', name: 'f', args: {} }, thoughtSignature: 'SIG' }, state)).toEqual({
      toolCalls: [{ index: 0, id: 'fc_1', name: 'f', arguments: '{}', signature: 'SIG', done: true }],
    });
  });

  it('sends empty arguments for a function call without args', () => {
    const state = createStreamState('google');
    expect(mapPart({ functionCall: { name: 'list_depots' } }, state)).toEqual({
      toolCalls: [{ index: 0, name: 'list_depots', arguments: '', done: true }],
    });
  });

  it('numbers function calls across parts and events', () => {
    const state = createStreamState('google');
    const first = mapStreamEvent(text([{ functionCall: { name: 'a' } }, { functionCall: { name: 'b' } }]), state);
    const second = mapStreamEvent(text([{ functionCall: { name: 'c' } }]), state);
    const indexes = [...first, ...second].map((chunk) => chunk.choices[0]!.delta.toolCalls![0]!.index);
    expect(indexes).toEqual([0, 1, 2]);
  });
});

describe('mapStreamEvent', () => {
  it('maps each part to a chunk with the response id and model', () => {
    const chunks = mapStreamEvent(
      text([{ text: 'Thinking', thought: true }, { text: 'Answer' }]),
      createStreamState('google'),
    );
    expect(chunks).toEqual([
      {
        id: 'resp-1',
        model: 'gemini-2.5-flash',
        choices: [{ index: 0, delta: { reasoning: 'Thinking' }, finishReason: null }],
      },
      {
        id: 'resp-1',
        model: 'gemini-2.5-flash',
        choices: [{ index: 0, delta: { content: 'Answer' }, finishReason: null }],
      },
    ]);
  });

  it('puts the finish reason and usage on the last part of the finishing event', () => {
    const event: GeminiResponse = {
      ...text([{ text: 'a' }, { text: 'b' }], { finishReason: 'MAX_TOKENS' }),
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    };
    const chunks = mapStreamEvent(event, createStreamState('google'));
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.choices[0]!.finishReason).toBeNull();
    expect(chunks[0]!.usage).toBeUndefined();
    expect(chunks[1]!.choices[0]).toEqual({
      index: 0,
      delta: { content: 'b' },
      finishReason: 'length',
      rawFinishReason: 'MAX_TOKENS',
    });
    expect(chunks[1]!.usage).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
  });

  it('emits a chunk of its own for a finish without content', () => {
    const chunks = mapStreamEvent(
      { candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: [] }], responseId: 'r' },
      createStreamState('google'),
    );
    expect(chunks).toEqual([
      {
        id: 'r',
        model: undefined,
        choices: [{ index: 0, delta: {}, finishReason: 'content_filter', rawFinishReason: 'SAFETY' }],
      },
    ]);
  });

  it('finishes a blocked prompt as content_filter with the block reason as the raw reason', () => {
    const chunks = mapStreamEvent(
      {
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
      },
      createStreamState('google'),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.choices[0]).toMatchObject({
      finishReason: 'content_filter',
      rawFinishReason: 'PROHIBITED_CONTENT',
    });
    expect(chunks[0]!.usage).toEqual({ inputTokens: 4, outputTokens: 0, totalTokens: 4 });
  });

  it('sends usage without choices when the event has nothing else', () => {
    const chunks = mapStreamEvent(
      { usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } },
      createStreamState('google'),
    );
    expect(chunks).toEqual([
      { id: undefined, model: undefined, choices: [], usage: { inputTokens: 4, outputTokens: 0, totalTokens: 4 } },
    ]);
  });

  it('maps an event with nothing in it to no chunks', () => {
    expect(mapStreamEvent(text([]), createStreamState('google'))).toEqual([]);
  });

  it('reads only the first candidate', () => {
    const event: GeminiResponse = {
      candidates: [
        { content: { parts: [{ text: 'first' }] }, index: 0 },
        { content: { parts: [{ text: 'second' }] }, index: 1 },
      ],
    };
    const chunks = mapStreamEvent(event, createStreamState('google'));
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['first']);
  });

  it('reads the candidate with index 0 wherever it is in the list', () => {
    const event: GeminiResponse = {
      candidates: [
        { content: { parts: [{ text: 'second' }] }, index: 1 },
        { content: { parts: [{ text: 'first' }] }, finishReason: 'STOP', index: 0 },
      ],
    };
    const chunks = mapStreamEvent(event, createStreamState('google'));
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: { content: 'first' }, finishReason: 'stop', rawFinishReason: 'STOP' },
    ]);
  });

  it('ignores an event that only carries another candidate', () => {
    const event: GeminiResponse = {
      candidates: [{ content: { parts: [{ text: 'second' }] }, finishReason: 'STOP', index: 1 }],
    };
    expect(mapStreamEvent(event, createStreamState('google'))).toEqual([]);
  });

  it('finishes a blocked prompt even when the event has a candidate without a finish reason', () => {
    const chunks = mapStreamEvent(
      { candidates: [{ index: 0 }], promptFeedback: { blockReason: 'OTHER' } },
      createStreamState('google'),
    );
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: {}, finishReason: 'content_filter', rawFinishReason: 'OTHER' },
    ]);
  });

  it.each([
    [{ code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' }, 'server', 500],
    [{ code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' }, 'overloaded', 503],
    [{ code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' }, 'rate_limit', 429],
  ])('throws an error event %j as an LLMError', (error, code, status) => {
    let thrown: unknown;
    try {
      mapStreamEvent({ error }, createStreamState('gemini'));
    } catch (caught) {
      thrown = caught;
    }
    expect(isLLMError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code, status, provider: 'gemini' });
  });
});
