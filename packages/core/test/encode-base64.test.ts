import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { asBytes, bytesToBase64 } from '../src/encode-base64.js';

function random(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

describe('bytesToBase64', () => {
  // Around the padding cases and the 196,608-byte chunk boundary.
  it.each([0, 1, 2, 3, 4, 5, 63, 64, 65, 196_607, 196_608, 196_609, 196_610, 500_001])(
    'matches Buffer for %i bytes',
    (length) => {
      const bytes = random(length);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    },
  );

  it('encodes every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('asBytes', () => {
  it('reads Uint8Array, Buffer, ArrayBuffer and other views over their own bytes only', () => {
    const backing = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(asBytes(backing)).toBe(backing);
    expect([...asBytes(Buffer.from([7, 8]))!]).toEqual([7, 8]);
    expect([...asBytes(backing.buffer)!]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...asBytes(new DataView(backing.buffer, 2, 2))!]).toEqual([3, 4]);
    expect(asBytes('AQID')).toBeUndefined();
    expect(asBytes([1, 2])).toBeUndefined();
  });
});
