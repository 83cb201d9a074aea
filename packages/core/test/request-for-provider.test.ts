import { type AssistantMessage, type ChatCompletionRequest, type Message, requestForProvider } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

const user: Message = { role: 'user', content: 'Weather in Paris?' };

const anthropicTurn: AssistantMessage = {
  role: 'assistant',
  provider: 'anthropic',
  content: 'Let me check.',
  reasoning: 'The user wants the weather.',
  reasoningParts: [
    { text: 'The user wants the weather.', signature: 'ANTHROPIC-SIG', provider: 'anthropic' },
    { text: '', redacted: 'REDACTED-DATA', provider: 'anthropic' },
  ],
  toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: '{}', input: {}, provider: 'anthropic' }],
};

const googleTurn: AssistantMessage = {
  role: 'assistant',
  provider: 'google',
  content: null,
  reasoning: 'Checking the timetable.',
  reasoningParts: [{ text: 'Checking the timetable.', signature: 'GEMINI-THOUGHT-SIG', provider: 'google' }],
  toolCalls: [
    {
      id: 'fc_1',
      name: 'get_departures',
      arguments: '{}',
      input: {},
      signature: 'GEMINI-CALL-SIG',
      provider: 'google',
    },
  ],
};

function request(...messages: Message[]): ChatCompletionRequest {
  return { messages: [user, ...messages, { role: 'user', content: 'and now?' }] };
}

describe('requestForProvider', () => {
  it('returns the request itself when nothing is foreign', () => {
    const same = request(anthropicTurn);
    expect(requestForProvider(same, 'anthropic')).toBe(same);
  });

  it("drops another provider's signed and redacted reasoning, and its reasoning text", () => {
    const original = request(anthropicTurn);
    const out = requestForProvider(original, 'google');
    const turn = out.messages[1] as AssistantMessage;
    expect(turn.reasoningParts).toBeUndefined();
    expect(turn.reasoning).toBeUndefined();
    expect(turn.content).toBe('Let me check.');
    expect(turn.toolCalls).toEqual(anthropicTurn.toolCalls);
    // The caller's request is untouched.
    expect(original.messages[1]).toBe(anthropicTurn);
    expect(anthropicTurn.reasoningParts).toHaveLength(2);
  });

  it("strips another provider's thought signature from its tool calls but keeps the calls", () => {
    const out = requestForProvider(request(googleTurn), 'anthropic');
    const turn = out.messages[1] as AssistantMessage;
    expect(turn.reasoningParts).toBeUndefined();
    expect(turn.toolCalls).toEqual([
      { id: 'fc_1', name: 'get_departures', arguments: '{}', input: {}, provider: 'google' },
    ]);
    expect(JSON.stringify(out)).not.toContain('GEMINI');
  });

  it('keeps each provider its own data in a mixed history', () => {
    const mixed = request(anthropicTurn, { role: 'tool', toolCallId: 'toolu_01', content: '18C' }, googleTurn);
    const forAnthropic = requestForProvider(mixed, 'anthropic');
    expect(forAnthropic.messages[1]).toBe(anthropicTurn);
    expect(JSON.stringify(forAnthropic)).not.toContain('GEMINI');
    const forGoogle = requestForProvider(mixed, 'google');
    expect(forGoogle.messages[3]).toBe(googleTurn);
    expect(JSON.stringify(forGoogle)).not.toContain('ANTHROPIC-SIG');
    expect(JSON.stringify(forGoogle)).not.toContain('REDACTED-DATA');
  });

  it('takes the message tag for untagged parts and keeps parts of untagged messages', () => {
    const taggedMessage: AssistantMessage = {
      role: 'assistant',
      provider: 'google',
      content: 'x',
      reasoningParts: [{ text: 't', signature: 'GEMINI-SIG' }],
      toolCalls: [{ id: 'c', name: 'f', arguments: '{}', input: {}, signature: 'GEMINI-CALL' }],
    };
    expect(JSON.stringify(requestForProvider(request(taggedMessage), 'anthropic'))).not.toContain('GEMINI');
    const handBuilt: AssistantMessage = {
      role: 'assistant',
      content: 'x',
      reasoning: 't',
      reasoningParts: [{ text: 't', signature: 'HAND-SIG' }],
    };
    const kept = request(handBuilt);
    expect(requestForProvider(kept, 'anthropic')).toBe(kept);
  });

  it('drops the reasoning text of an untagged message when a tagged part of it was foreign', () => {
    const message: AssistantMessage = {
      role: 'assistant',
      content: 'x',
      reasoning: 'a b',
      reasoningParts: [
        { text: 'a ', signature: 'MINE', provider: 'openai' },
        { text: 'b', signature: 'THEIRS', provider: 'google' },
      ],
    };
    const turn = requestForProvider(request(message), 'openai').messages[1] as AssistantMessage;
    expect(turn.reasoningParts).toEqual([{ text: 'a ', signature: 'MINE', provider: 'openai' }]);
    expect(turn.reasoning).toBeUndefined();
  });

  it('treats a provider registered under another name as another provider', () => {
    const turn = requestForProvider(request(anthropicTurn), 'claude-proxy').messages[1] as AssistantMessage;
    expect(turn.reasoningParts).toBeUndefined();
  });
});
