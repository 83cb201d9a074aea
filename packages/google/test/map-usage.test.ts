import { describe, expect, it } from 'vitest';
import { mapUsage } from '../src/map-usage.js';

describe('mapUsage', () => {
  it.each([
    [
      'a prompt-only running total',
      { promptTokenCount: 8, totalTokenCount: 8 },
      { inputTokens: 8, outputTokens: 0, totalTokens: 8 },
    ],
    [
      'prompt and candidates',
      { promptTokenCount: 8, candidatesTokenCount: 5, totalTokenCount: 13 },
      { inputTokens: 8, outputTokens: 5, totalTokens: 13 },
    ],
    [
      'thinking, counted as output and as reasoning',
      { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 30, totalTokenCount: 44 },
      { inputTokens: 10, outputTokens: 34, totalTokens: 44, reasoningTokens: 30 },
    ],
    [
      'a cached prompt, which stays inside the input count',
      { promptTokenCount: 4120, cachedContentTokenCount: 4096, candidatesTokenCount: 11, totalTokenCount: 4131 },
      { inputTokens: 4120, outputTokens: 11, totalTokens: 4131, cachedInputTokens: 4096 },
    ],
    [
      'tool-use prompt tokens, counted as input',
      { promptTokenCount: 20, toolUsePromptTokenCount: 100, candidatesTokenCount: 7, totalTokenCount: 127 },
      { inputTokens: 120, outputTokens: 7, totalTokens: 127 },
    ],
    ['nothing', {}, { inputTokens: 0, outputTokens: 0 }],
  ])('maps %s', (_name, metadata, usage) => {
    expect(mapUsage(metadata)).toEqual(usage);
  });
});
