import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PIECE_BYTES, splitBytes } from '../src/split-bytes.js';

describe('splitBytes', () => {
  it('reassembles to the exact bytes with pieces of 1..64 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(), (bytes, seed) => {
        const body = Buffer.from(bytes);
        const pieces = splitBytes(body, seed);
        expect(Buffer.concat(pieces).equals(body)).toBe(true);
        for (const piece of pieces) {
          expect(piece.length).toBeGreaterThanOrEqual(1);
          expect(piece.length).toBeLessThanOrEqual(MAX_PIECE_BYTES);
        }
      }),
    );
  });

  it('keeps a large body near 2,000 writes, exact, with tiny pieces still among them', () => {
    const body = Buffer.from('data: {"text":"héllo wörld ✓ 你好"}\r\n\r\n'.repeat(20_000));
    const pieces = splitBytes(body, 7);
    expect(Buffer.concat(pieces).equals(body)).toBe(true);
    expect(pieces.length).toBeGreaterThan(1000);
    expect(pieces.length).toBeLessThan(4000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(Math.ceil(body.length / 500));
    expect(pieces.filter((piece) => piece.length <= 4).length).toBeGreaterThan(pieces.length / 3);
  });

  it('splits the same way for the same seed and differently for another', () => {
    const body = Buffer.from('data: {"text":"héllo wörld ✓"}\r\n\r\n'.repeat(20));
    const sizes = (seed: number): number[] => splitBytes(body, seed).map((piece) => piece.length);
    expect(sizes(1)).toEqual(sizes(1));
    expect(sizes(1)).not.toEqual(sizes(2));
  });

  it('splits inside multi-byte UTF-8 sequences and CRLF pairs for some seed', () => {
    const body = Buffer.from('data: "✓"\r\n\r\n'.repeat(10));
    let splitUtf8 = false;
    let splitCrlf = false;
    for (let seed = 1; seed <= 20; seed++) {
      let offset = 0;
      for (const piece of splitBytes(body, seed)) {
        offset += piece.length;
        const next = body[offset];
        if (next !== undefined && (next & 0xc0) === 0x80) splitUtf8 = true;
        if (body[offset - 1] === 0x0d && next === 0x0a) splitCrlf = true;
      }
    }
    expect(splitUtf8).toBe(true);
    expect(splitCrlf).toBe(true);
  });
});
