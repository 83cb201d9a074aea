import { describe, expect, it } from 'vitest';
import { mapUsage } from '../../src/responses/map-usage.js';

describe('mapUsage', () => {
  it('keeps cached tokens inside input and reasoning tokens inside output', () => {
    expect(
      mapUsage({
        input_tokens: 2318,
        input_tokens_details: { cached_tokens: 2176 },
        output_tokens: 220,
        output_tokens_details: { reasoning_tokens: 192 },
        total_tokens: 2538,
      }),
    ).toEqual({
      inputTokens: 2318,
      outputTokens: 220,
      totalTokens: 2538,
      cachedInputTokens: 2176,
      reasoningTokens: 192,
    });
  });

  it('adds up the total when it is missing and leaves out details not sent', () => {
    expect(mapUsage({ input_tokens: 3, output_tokens: 4 })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
  });

  it('reports cache writes when the server counts them', () => {
    expect(
      mapUsage({ input_tokens: 10, input_tokens_details: { cache_write_tokens: 6 }, output_tokens: 1 })
        .cacheWriteTokens,
    ).toBe(6);
  });
});
