import { describe, expect, it } from 'vitest';
import { type AnthropicUsage, applyUsage, createUsageState, usageSnapshot } from '../src/map-usage.js';

describe('usageSnapshot', () => {
  it.each<[string, AnthropicUsage[], ReturnType<typeof usageSnapshot>]>([
    ['no usage yet', [], { inputTokens: 0, outputTokens: 0, totalTokens: 0 }],
    [
      'message_start without cache fields',
      [{ input_tokens: 12, output_tokens: 1 }],
      { inputTokens: 12, outputTokens: 1, totalTokens: 13 },
    ],
    [
      'cache reads and writes count as input',
      [{ input_tokens: 50, cache_read_input_tokens: 1800, cache_creation_input_tokens: 250, output_tokens: 1 }],
      { inputTokens: 2100, outputTokens: 1, totalTokens: 2101, cachedInputTokens: 1800, cacheWriteTokens: 250 },
    ],
    [
      'zero cache counts are reported as zero',
      [{ input_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 1 }],
      { inputTokens: 12, outputTokens: 1, totalTokens: 13, cachedInputTokens: 0, cacheWriteTokens: 0 },
    ],
    [
      'message_delta output replaces the start (cumulative, not summed)',
      [{ input_tokens: 12, output_tokens: 1 }, { output_tokens: 20 }, { output_tokens: 42 }],
      { inputTokens: 12, outputTokens: 42, totalTokens: 54 },
    ],
    [
      'null fields in message_delta keep the values from message_start',
      [
        { input_tokens: 50, cache_read_input_tokens: 1800, cache_creation_input_tokens: 250, output_tokens: 1 },
        { input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null, output_tokens: 9 },
      ],
      { inputTokens: 2100, outputTokens: 9, totalTokens: 2109, cachedInputTokens: 1800, cacheWriteTokens: 250 },
    ],
    [
      'a later cumulative input count replaces the earlier one',
      [
        { input_tokens: 10, output_tokens: 1 },
        { input_tokens: 14, output_tokens: 5 },
      ],
      { inputTokens: 14, outputTokens: 5, totalTokens: 19 },
    ],
    [
      'thinking tokens become reasoningTokens',
      [
        { input_tokens: 46, output_tokens: 1 },
        { output_tokens: 88, output_tokens_details: { thinking_tokens: 61 } },
      ],
      { inputTokens: 46, outputTokens: 88, totalTokens: 134, reasoningTokens: 61 },
    ],
  ])('%s', (_name, updates, expected) => {
    const state = createUsageState();
    for (const usage of updates) applyUsage(state, usage);
    expect(usageSnapshot(state)).toEqual(expected);
  });

  it('ignores a missing usage object', () => {
    const state = createUsageState();
    applyUsage(state, { input_tokens: 3, output_tokens: 4 });
    applyUsage(state, null);
    applyUsage(state, undefined);
    expect(usageSnapshot(state)).toEqual({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
  });

  it('returns a new object for every snapshot', () => {
    const state = createUsageState();
    const first = usageSnapshot(state);
    applyUsage(state, { output_tokens: 5 });
    expect(first.outputTokens).toBe(0);
    expect(usageSnapshot(state)).not.toBe(first);
  });
});
