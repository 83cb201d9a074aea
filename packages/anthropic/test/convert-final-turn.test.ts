import type { Message } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertRequest } from '../src/convert-request.js';

const thinking = { type: 'enabled', budget_tokens: 2048 };
const convert = (messages: Message[]) =>
  convertRequest(
    { messages, providerOptions: { anthropic: { thinking } } },
    { modelId: 'claude-sonnet-5-5', provider: 'anthropic' },
  );
const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };
const result: Message = { role: 'tool', toolCallId: 'call_1', content: '18' };
const ask: Message = { role: 'user', content: 'Weather in Paris?' };

describe('convertRequest: the final assistant turn and thinking', () => {
  it('leaves thinking out when the tool loop continues from a turn without a thinking block (a fallback)', () => {
    // Made by OpenAI before a fallback: no signed Anthropic thinking exists for it, and the API
    // answers 400 "a final `assistant` message must start with a thinking block".
    const params = convert([ask, { role: 'assistant', provider: 'openai', content: null, toolCalls: [call] }, result]);
    expect(params.thinking).toBeUndefined();
    expect(params.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }],
    });
  });

  it('leaves thinking out for an assistant prefill without a thinking block', () => {
    expect(convert([ask, { role: 'assistant', content: 'It is' }]).thinking).toBeUndefined();
  });

  it('keeps thinking when the final turn opens with its signed thinking', () => {
    const params = convert([
      ask,
      {
        role: 'assistant',
        provider: 'anthropic',
        content: null,
        reasoningParts: [{ text: 'Look it up.', signature: 'EqQBCkYIBxgC', provider: 'anthropic' }],
        toolCalls: [call],
      },
      result,
    ]);
    expect(params.thinking).toEqual(thinking);
  });

  it('keeps thinking when the conversation goes on with a new user turn, or has no assistant turn', () => {
    expect(convert([ask]).thinking).toEqual(thinking);
    expect(
      convert([ask, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'Thanks' }]).thinking,
    ).toEqual(thinking);
  });
});

describe('convertRequest: forced tool use and manual thinking', () => {
  const tool = { name: 'get_weather', parameters: { type: 'object', properties: {} } };
  const withThinking = (type: string, extra: object) =>
    convertRequest(
      { messages: [ask], providerOptions: { anthropic: { thinking: { type, budget_tokens: 2048 } } }, ...extra },
      { modelId: 'claude-sonnet-5-5', provider: 'anthropic' },
    );

  it.each([
    ['toolChoice "required"', { tools: [tool], toolChoice: 'required' }, 'toolChoice "required"'],
    [
      'a named tool',
      { tools: [tool], toolChoice: { type: 'tool', name: 'get_weather' } },
      'toolChoice { type: "tool" }',
    ],
    ['JSON mode', { responseFormat: { type: 'json' } }, 'responseFormat { type: "json" }'],
  ])('refuses %s with thinking enabled, before sending', (_name, extra, text) => {
    expect(() => withThinking('enabled', extra)).toThrow(text);
    try {
      withThinking('enabled', extra);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('invalid_request');
      expect((error as Error).message).toContain('adaptive');
    }
  });

  it('lets adaptive thinking force a tool, and manual thinking pick tools itself', () => {
    expect(withThinking('adaptive', { tools: [tool], toolChoice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(withThinking('enabled', { tools: [tool], toolChoice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
  });
});
