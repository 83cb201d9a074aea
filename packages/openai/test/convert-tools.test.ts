import type { ToolChoice } from '@switchyard/core';
import type { ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { convertToolChoice, convertTools } from '../src/convert-tools.js';

describe('convertTools', () => {
  it('converts tools to function tools with their JSON Schema', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(
      convertTools([
        { name: 'get_weather', description: 'Current weather', parameters },
        { name: 'noop', parameters: { type: 'object', properties: {} } },
      ]),
    ).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters } },
      { type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } },
    ]);
  });
});

describe('convertToolChoice', () => {
  it.each<[ToolChoice, ChatCompletionToolChoiceOption]>([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
    ],
  ])('converts %j', (choice, expected) => {
    expect(convertToolChoice(choice)).toEqual(expected);
  });

  it('rejects anything else with a message naming the allowed values', () => {
    expect(() => convertToolChoice('any' as ToolChoice)).toThrow(
      /'auto', 'none', 'required' or \{ type: 'tool', name \}/,
    );
  });
});
