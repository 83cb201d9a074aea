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
