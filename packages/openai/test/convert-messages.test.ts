import { isLLMError, type Message } from '@switchyard/core';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { convertMessages, imageURL, toolArguments } from '../src/convert-messages.js';
import { OPENAI_QUIRKS, presets } from '../src/presets.js';

const call = { id: 'call_A', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };

describe('convertMessages', () => {
  it.each<[string, Message, ChatCompletionMessageParam]>([
    ['a system message', { role: 'system', content: 'Be brief.' }, { role: 'system', content: 'Be brief.' }],
    ['a user string', { role: 'user', content: 'Hi' }, { role: 'user', content: 'Hi' }],
    [
      'user parts with an image URL and base64 data',
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', url: 'https://example.com/a.png' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ],
    ['assistant text', { role: 'assistant', content: 'Hello' }, { role: 'assistant', content: 'Hello' }],
    [
      'assistant null content without calls as ""',
      { role: 'assistant', content: null },
      { role: 'assistant', content: '' },
    ],
    [
      'assistant tool calls with the raw arguments text and null content',
      { role: 'assistant', content: '', toolCalls: [call] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
    ],
    [
      'assistant text with tool calls',
      { role: 'assistant', content: 'Checking.', toolCalls: [{ ...call, arguments: '', input: {} }] },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
    ],
    [
      'assistant reasoning is not sent to OpenAI',
      { role: 'assistant', content: 'Hi', reasoning: 'the user greets me', toolCalls: [call] },
      {
        role: 'assistant',
        content: 'Hi',
        tool_calls: [
          { id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
    ],
    [
      'a tool result',
      { role: 'tool', toolCallId: 'call_A', name: 'get_weather', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_A', content: '{"temp":21}' },
    ],
  ])('converts %s', (_name, message, expected) => {
    expect(convertMessages([message], OPENAI_QUIRKS)).toEqual([expected]);
  });

  describe('with DeepSeek quirks', () => {
    const quirks = presets.deepseek.quirks;

    it('sends reasoning_content back on assistant messages carrying tool calls', () => {
      const [out] = convertMessages(
        [{ role: 'assistant', content: '', reasoning: 'I need the weather.', toolCalls: [call] }],
        quirks,
      );
      expect(out).toMatchObject({ role: 'assistant', reasoning_content: 'I need the weather.' });
    });

    it('joins reasoning parts when only parts are given', () => {
      const [out] = convertMessages(
        [{ role: 'assistant', content: '', reasoningParts: [{ text: 'a' }, { text: 'b' }], toolCalls: [call] }],
        quirks,
      );
      expect(out).toMatchObject({ reasoning_content: 'ab' });
    });

    it('drops reasoning from assistant messages without tool calls', () => {
      const [out] = convertMessages([{ role: 'assistant', content: '9.8', reasoning: 'compare decimals' }], quirks);
      expect(out).toEqual({ role: 'assistant', content: '9.8' });
    });
  });

  it("sends a call's signature back as Gemini's extra_content.google.thought_signature, only on that call", () => {
    const [out] = convertMessages(
      [
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { ...call, signature: 'CiQBsig' },
            { ...call, id: 'call_B' },
          ],
        },
      ],
      OPENAI_QUIRKS,
    );
    expect(out).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_A',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          extra_content: { google: { thought_signature: 'CiQBsig' } },
        },
        { id: 'call_B', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ],
    });
  });

  it('keeps message order', () => {
    const out = convertMessages(
      [
        { role: 'system', content: 's' },
        { role: 'user', content: 'u' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: 'call_A', content: 'r' },
      ],
      OPENAI_QUIRKS,
    );
    expect(out.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('sends developer messages as system messages', () => {
    const developer: Message = {
      role: 'developer',
      content: [
        { type: 'text', text: 'A' },
        { type: 'text', text: 'B' },
      ],
    };
    expect(convertMessages([developer], OPENAI_QUIRKS)).toEqual([{ role: 'system', content: 'A\n\nB' }]);
  });

  it('rejects an unknown role with an invalid_request LLMError', () => {
    const bad = { role: 'human', content: 'x' } as unknown as Message;
    let thrown: unknown;
    try {
      convertMessages([bad], OPENAI_QUIRKS, 'groq');
    } catch (error) {
      thrown = error;
    }
    expect(isLLMError(thrown) && thrown.code).toBe('invalid_request');
    expect(String(thrown)).toContain('groq');
  });
});

describe('imageURL', () => {
  it.each<[string, Parameters<typeof imageURL>[0], string]>([
    ['an https URL', { type: 'image', url: 'https://example.com/cat.jpg' }, 'https://example.com/cat.jpg'],
    ['a data URL', { type: 'image', url: 'data:image/jpeg;base64,/9j/' }, 'data:image/jpeg;base64,/9j/'],
    [
      'base64 data with its media type',
      { type: 'image', data: '/9j/4AAQ', mediaType: 'image/jpeg' },
      'data:image/jpeg;base64,/9j/4AAQ',
    ],
    [
      'base64 data without a media type as PNG',
      { type: 'image', data: 'iVBORw0KGgo=' },
      'data:image/png;base64,iVBORw0KGgo=',
    ],
    [
      'data that is already a data URL',
      { type: 'image', data: 'data:image/webp;base64,UklGR' },
      'data:image/webp;base64,UklGR',
    ],
  ])('turns %s into the URL OpenAI takes', (_name, part, expected) => {
    expect(imageURL(part)).toBe(expected);
  });

  it('rejects an image with neither url nor data', () => {
    expect(() => imageURL({ type: 'image' })).toThrow(/needs a url or base64 data/);
  });
});

describe('toolArguments', () => {
  it.each<[string, { arguments: string; input: unknown }, string]>([
    ['the raw text as written', { arguments: '{"a": 1 }', input: { a: 1 } }, '{"a": 1 }'],
    ['empty arguments as "{}"', { arguments: '', input: {} }, '{}'],
    ['unparsable text unchanged', { arguments: '{"a":', input: undefined }, '{"a":'],
  ])('sends %s', (_name, callPart, expected) => {
    expect(toolArguments(callPart)).toBe(expected);
  });

  it('serializes input for a hand-built call without arguments text', () => {
    expect(toolArguments({ input: { q: 'x' } } as unknown as { arguments: string; input: unknown })).toBe('{"q":"x"}');
  });
});
