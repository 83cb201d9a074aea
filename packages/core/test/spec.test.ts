import { LLMError, parseSpec } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { errorOf } from './helpers.js';

describe('parseSpec', () => {
  it.each([
    ['openai:gpt-4o', 'openai', 'gpt-4o'],
    ['ollama:llama3.1:8b', 'ollama', 'llama3.1:8b'],
    ['openrouter:anthropic/claude-3.5-sonnet', 'openrouter', 'anthropic/claude-3.5-sonnet'],
    ['vllm:hf.co/org/model:Q4_K_M', 'vllm', 'hf.co/org/model:Q4_K_M'],
    [' anthropic : claude-sonnet-4-5 ', 'anthropic', 'claude-sonnet-4-5'],
  ])('splits %j on its first colon', (spec, provider, modelId) => {
    expect(parseSpec(spec)).toEqual({ provider, modelId });
  });

  it.each(['fast', 'my-default-model'])('returns undefined for the bare name %j (an alias)', (name) => {
    expect(parseSpec(name)).toBeUndefined();
  });

  it.each(['', '   '])('rejects the empty spec %j with an example of the grammar', (spec) => {
    const error = errorOf(() => parseSpec(spec));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/empty model spec/i);
    expect(error.message).toContain('provider:model');
  });

  it.each([':gpt-4o', 'openai:', ':', ' : x', 'openai:  '])('rejects %j, which has an empty part', (spec) => {
    const error = errorOf(() => parseSpec(spec));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(`"${spec}"`);
    expect(error.message).toContain('both parts');
  });

  it('rejects a spec that is not a string', () => {
    expect(errorOf(() => parseSpec(42 as unknown as string)).code).toBe('invalid_request');
  });
});

describe('spec grammar', () => {
  it.each([
    ['openai-responses:gpt-5', 'openai-responses'],
    ['a.b_c-9:m', 'a.b_c-9'],
    [`${'p'.repeat(64)}:m`, 'p'.repeat(64)],
  ])('accepts the provider name in %j', (spec, provider) => {
    expect(parseSpec(spec)?.provider).toBe(provider);
  });

  it.each([
    '../../x:gpt-4o',
    '../fast-check:x',
    'core/../x:y',
    'openai/../../x:y',
    '/etc/passwd:x',
    '/tmp/app/node_modules/x:y',
    'C:\\Users\\x:y',
    '%2e%2e/x:y',
    '%2e%2e%2fx:y',
    '..\\x:y',
    'open\u0000ai:x',
    'a..b:x',
    '.hidden:x',
    '-x:y',
    '_x:y',
    '9lives:y',
    'open ai:x',
    'open\tai:x',
    '@switchyard/openai:x',
    'open/ai:x',
    'opénai:x',
    `${'p'.repeat(65)}:m`,
  ])('refuses the provider in %j with invalid_request', (spec) => {
    const error = errorOf(() => parseSpec(spec));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('provider names are lowercase letters, digits');
  });

  it.each([
    ['OPENAI:gpt-4o', 'openai'],
    ['Anthropic:claude-sonnet-4-5', 'anthropic'],
    ['OPNAI:gpt-4o', 'openai'],
    ['Groq:llama-3.3-70b', 'groq'],
  ])('refuses upper case in %j and suggests %j', (spec, near) => {
    const error = errorOf(() => parseSpec(spec));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(`Did you mean "${near}"? Write "${near}:<model>".`);
  });

  it('suggests a registered provider passed as known', () => {
    expect(errorOf(() => parseSpec('MyProxy:m', ['myproxy'])).message).toContain('Did you mean "myproxy"?');
  });

  it('keeps the first-colon split for ids with colons and slashes', () => {
    expect(parseSpec('openrouter:anthropic/claude-3.5-sonnet:beta')).toEqual({
      provider: 'openrouter',
      modelId: 'anthropic/claude-3.5-sonnet:beta',
    });
  });

  it('accepts a model id of 256 characters and refuses 257', () => {
    expect(parseSpec(`openai:${'m'.repeat(256)}`)?.modelId).toHaveLength(256);
    const error = errorOf(() => parseSpec(`openai:${'m'.repeat(257)}`));
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'openai' });
    expect(error.message).toContain('at most 256');
  });

  it.each(['openai:gpt\u00004o', 'openai:gpt-4o\nx', 'openai:gpt\u001b[31m', 'openai:gpt\u007f', 'openai:a\u0085b'])(
    'refuses a control character in the model id of %j',
    (spec) => {
      const error = errorOf(() => parseSpec(spec));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('control character');
    },
  );

  it('refuses a control character in an alias name', () => {
    expect(errorOf(() => parseSpec('fast\u0000')).message).toContain('control character');
  });

  it('echoes at most 80 characters of the input, escaped', () => {
    const spec = `\u0007${'x'.repeat(300)}/../y:m`;
    const error = errorOf(() => parseSpec(spec));
    expect(error.message).toContain(`"\\u0007${'x'.repeat(79)}"… (${spec.length} characters)`);
    expect(error.message).not.toContain('x'.repeat(80));
    expect(error.message).not.toContain('\u0007');
  });

  it('refuses a spec longer than a provider, a colon and a model id without scanning it', () => {
    const error = errorOf(() => parseSpec(`openai:${' '.repeat(100_000)}x`));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('too long (at most 321 characters)');
    expect(error.message).toContain('… (100008 characters)');
  });

  it('takes time that does not grow with the length of a hostile spec (n vs 4n spaces)', () => {
    // The best of several batches of the same work, in the same process: a ratio, not a time.
    const measure = (spec: string): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let batch = 0; batch < 7; batch++) {
        const started = performance.now();
        for (let i = 0; i < 200; i++) errorOf(() => parseSpec(spec));
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const hostile = (n: number): string => `a${' '.repeat(n)}b:${' '.repeat(n)}c`;
    measure(hostile(1000)); // warm-up
    const small = measure(hostile(25_000));
    const large = measure(hostile(100_000));
    expect(large / small).toBeLessThan(8);
  });
});
