import { LLMError, type OutputMessage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { formatError } from '../src/format-error.js';
import { formatSummary } from '../src/format-summary.js';

const message: OutputMessage = {
  role: 'assistant',
  provider: 'anthropic',
  model: 'claude-sonnet-5-5',
  content: 'hi',
  toolCalls: [],
  finishReason: 'tool_calls',
  rawFinishReason: 'tool_use',
  usage: { inputTokens: 10, outputTokens: 20, reasoningTokens: 5, cachedInputTokens: 3 },
};

describe('formatSummary', () => {
  it('shows the raw finish reason in brackets only when it differs', () => {
    expect(formatSummary(message, { timeToFirstTokenMs: 120.4, totalMs: 450.6 })).toBe(
      'finish: tool_calls [tool_use] · anthropic claude-sonnet-5-5 · tokens: 10 in / 20 out (5 reasoning, 3 cached) · first token 120 ms · total 451 ms',
    );
    expect(
      formatSummary(
        { ...message, rawFinishReason: 'tool_calls', usage: undefined, provider: undefined },
        {
          timeToFirstTokenMs: undefined,
          totalMs: 5,
        },
      ),
    ).toBe('finish: tool_calls · total 5.0 ms');
  });
});

describe('formatError', () => {
  it('gives one line and a hint naming the key variable for auth errors', () => {
    const error = new LLMError('openai: no API key.', { code: 'auth', provider: 'groq' });
    expect(formatError(error)).toEqual([
      'error [auth]: openai: no API key.',
      'hint: set GROQ_API_KEY (run `switchyard providers` to see which keys are set).',
    ]);
  });

  it('names the base URL that was tried on a network error', () => {
    const error = new LLMError('could not connect', { code: 'network', provider: 'openai' });
    expect(formatError(error, { baseURL: 'http://127.0.0.1:9/v1' })[1]).toContain('http://127.0.0.1:9/v1');
  });

  it('keeps only the first line of a long message', () => {
    const error = new LLMError(`first\nsecond ${'x'.repeat(10)}`, { code: 'server', provider: 'openai' });
    expect(formatError(error)[0]).toBe('error [server]: first');
  });

  it('adds the cause chain only with verbose', () => {
    const error = new LLMError('failed', {
      code: 'unknown',
      provider: 'openai',
      cause: new Error('inner', { cause: new TypeError('deeper') }),
    });
    expect(formatError(error).some((line) => line.startsWith('cause:'))).toBe(false);
    expect(formatError(error, { verbose: true }).filter((line) => line.startsWith('cause:')).length).toBeGreaterThan(0);
  });
});
