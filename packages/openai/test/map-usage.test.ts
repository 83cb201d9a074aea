import type { Usage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapUsage, type WireUsage } from '../src/map-usage.js';

describe('mapUsage', () => {
  it.each<[string, WireUsage, Usage]>([
    [
      'OpenAI with cache and reasoning details',
      {
        prompt_tokens: 1203,
        completion_tokens: 211,
        total_tokens: 1414,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 192 },
      },
      {
        inputTokens: 1203,
        outputTokens: 211,
        totalTokens: 1414,
        cachedInputTokens: 1024,
        reasoningTokens: 192,
      },
    ],
    [
      'counts only (Ollama)',
      { prompt_tokens: 212, completion_tokens: 61, total_tokens: 273 },
      { inputTokens: 212, outputTokens: 61, totalTokens: 273 },
    ],
    [
      'no total_tokens: the sum',
      { prompt_tokens: 5, completion_tokens: 7 },
      { inputTokens: 5, outputTokens: 7, totalTokens: 12 },
    ],
    [
      'cache writes',
      {
        prompt_tokens: 3000,
        completion_tokens: 10,
        total_tokens: 3010,
        prompt_tokens_details: { cache_write_tokens: 2048 },
      },
      { inputTokens: 3000, outputTokens: 10, totalTokens: 3010, cacheWriteTokens: 2048 },
    ],
    [
      'DeepSeek prompt_cache_hit_tokens without cached_tokens',
      { prompt_tokens: 64, completion_tokens: 9, total_tokens: 73, prompt_cache_hit_tokens: 48 },
      { inputTokens: 64, outputTokens: 9, totalTokens: 73, cachedInputTokens: 48 },
    ],
    [
      'zero cached tokens are kept as sent',
      { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16, prompt_tokens_details: { cached_tokens: 0 } },
      { inputTokens: 9, outputTokens: 7, totalTokens: 16, cachedInputTokens: 0 },
    ],
    [
      'xAI, whose reasoning tokens are outside completion_tokens but inside total_tokens',
      {
        prompt_tokens: 10120,
        completion_tokens: 1499,
        total_tokens: 14428,
        prompt_tokens_details: { cached_tokens: 128 },
        completion_tokens_details: { reasoning_tokens: 2809 },
      },
      {
        inputTokens: 10120,
        outputTokens: 4308,
        totalTokens: 14428,
        cachedInputTokens: 128,
        reasoningTokens: 2809,
      },
    ],
    [
      'nulls from compatible servers',
      { prompt_tokens: null, completion_tokens: null, total_tokens: null, prompt_tokens_details: null },
      { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    ],
  ])('maps %s', (_name, wire, expected) => {
    expect(mapUsage(wire)).toEqual(expected);
  });

  it('keeps cached tokens inside inputTokens (prompt_tokens already counts them)', () => {
    const usage = mapUsage({ prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 80 } });
    expect(usage.inputTokens).toBe(100);
    expect(usage.cachedInputTokens).toBe(80);
  });
});
