import { generateToolCallId, isGeneratedToolCallId } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

describe('generateToolCallId', () => {
  it('makes ids that isGeneratedToolCallId recognizes', () => {
    expect(isGeneratedToolCallId(generateToolCallId())).toBe(true);
  });

  it('never repeats an id', () => {
    const ids = Array.from({ length: 10_000 }, () => generateToolCallId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes ids that vendors accept as plain identifiers', () => {
    expect(generateToolCallId()).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('keeps ids within 40 characters', () => {
    expect(generateToolCallId().length).toBeLessThanOrEqual(40);
  });
});

describe('isGeneratedToolCallId', () => {
  it.each(['call_abc123', 'toolu_01A09q90qw90lq917835lq9', 'call_sy', '', 'CALL_SYabc_1', 'fc_123'])(
    'does not claim the vendor id %j',
    (id) => {
      expect(isGeneratedToolCallId(id)).toBe(false);
    },
  );
});
