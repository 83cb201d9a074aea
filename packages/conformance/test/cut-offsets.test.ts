import { describe, expect, it } from 'vitest';
import { cutOffsets } from '../src/cut-offsets.js';

describe('cutOffsets', () => {
  it('cuts before the body, at each boundary and inside each event', () => {
    expect(cutOffsets(Buffer.from('data: a\n\ndata: bb\n\n'))).toEqual([0, 4, 9, 14, 19]);
  });

  it('cuts an empty body only at 0', () => {
    expect(cutOffsets(Buffer.alloc(0))).toEqual([0]);
  });
});

describe('cutOffsets on long bodies', () => {
  it('samples evenly, keeping the first and last offset', () => {
    const body = Buffer.from('data: x\n\n'.repeat(500));
    const offsets = cutOffsets(body, 10);
    expect(offsets).toHaveLength(10);
    expect(offsets[0]).toBe(0);
    expect(offsets.at(-1)).toBe(body.length);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });
});
