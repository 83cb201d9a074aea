import { fitsToolCallIdGrammar, type Message, type ToolCallIdGrammar, toolCallIdMapper } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

const ANTHROPIC: ToolCallIdGrammar = { charset: 'word', maxLength: Number.POSITIVE_INFINITY };
const OPENAI: ToolCallIdGrammar = { charset: 'any', maxLength: 40 };
const MISTRAL: ToolCallIdGrammar = { charset: 'alphanumeric', maxLength: 9, length: 9 };

function history(...ids: string[]): Message[] {
  const messages: Message[] = [{ role: 'user', content: 'go' }];
  messages.push({
    role: 'assistant',
    content: null,
    toolCalls: ids.map((id) => ({ id, name: 'f', arguments: '{}', input: {} })),
  });
  for (const id of ids) messages.push({ role: 'tool', toolCallId: id, content: 'ok' });
  return messages;
}

describe('fitsToolCallIdGrammar', () => {
  it.each([
    ['toolu_01D7FLrfh4GYq7yT1ULFeyMV', ANTHROPIC, true],
    ['call:legacy/1', ANTHROPIC, false],
    ['fc_7q2xk81m', ANTHROPIC, true],
    ['x'.repeat(40), OPENAI, true],
    ['x'.repeat(41), OPENAI, false],
    ['aB3xK9mP2', MISTRAL, true],
    ['call_Zb4nR', MISTRAL, false],
    ['aB3xK9mP', MISTRAL, false],
    ['', OPENAI, false],
  ] as const)('%s fits %o: %s', (id, grammar, fits) => {
    expect(fitsToolCallIdGrammar(id, grammar)).toBe(fits);
  });
});

describe('toolCallIdMapper', () => {
  it('is the identity when every id fits', () => {
    const map = toolCallIdMapper(history('call_1', 'toolu_2'), ANTHROPIC);
    expect(map('call_1')).toBe('call_1');
    expect(map('toolu_2')).toBe('toolu_2');
  });

  it.each([
    ['Anthropic', ANTHROPIC, ['call:legacy/1', 'weather.get#2', 'ok_id']],
    ['OpenAI', OPENAI, ['fc_0f0e50a1476a6c35006912c58dc9f8819192c25864eb16f07f', 'short']],
    ['Mistral', MISTRAL, ['call_Zb4nR7kW1xT8mQ5vL2sYp9Hd', 'toolu_01D7FLrfh4GYq7yT1ULFeyMV', 'aB3xK9mP2']],
  ] as const)(
    'maps misfits into the %s grammar, distinct from each other and from the ids kept',
    (_name, grammar, ids) => {
      const map = toolCallIdMapper(history(...ids), grammar);
      const out = ids.map(map);
      for (const id of out) expect(fitsToolCallIdGrammar(id, grammar)).toBe(true);
      expect(new Set(out).size).toBe(ids.length);
      for (const id of ids) if (fitsToolCallIdGrammar(id, grammar)) expect(map(id)).toBe(id);
    },
  );

  it('maps an id the same way in every request of a growing conversation', () => {
    const first = toolCallIdMapper(history('call:legacy/1'), MISTRAL)('call:legacy/1');
    const later = toolCallIdMapper(
      [...history('call:legacy/1'), ...history('toolu_9').slice(1)],
      MISTRAL,
    )('call:legacy/1');
    expect(later).toBe(first);
  });

  it('moves a derived id that clashes with an id of the request to the next seed', () => {
    const derived = toolCallIdMapper(history('call:legacy/1'), MISTRAL)('call:legacy/1');
    const map = toolCallIdMapper(history('call:legacy/1', derived), MISTRAL);
    expect(map(derived)).toBe(derived);
    expect(map('call:legacy/1')).not.toBe(derived);
    expect(fitsToolCallIdGrammar(map('call:legacy/1'), MISTRAL)).toBe(true);
  });
});
