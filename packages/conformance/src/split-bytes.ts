import { splitAt } from './split-events.js';

/** The largest piece `splitBytes` writes; small enough to split most JSON values and UTF-8 runs. */
export const MAX_PIECE_BYTES = 64;

/** Large bodies get longer pieces so that a replay stays near this many writes. */
const TARGET_PIECES = 2000;

/**
 * Splits `body` at pseudo-random boundaries chosen by `seed`, so a failing seed replays the
 * same split. Pieces are 1..64 bytes; a body over ~64 KB gets pieces up to `length / 500`
 * bytes (about 2,000 writes), still with half of them 1..4 bytes long. Boundaries ignore the
 * content on purpose: they land inside UTF-8 sequences, CRLF pairs, field names and JSON strings.
 */
export function splitBytes(body: Buffer, seed: number): Buffer[] {
  const next = mulberry32(seed);
  const maxPiece = Math.max(MAX_PIECE_BYTES, Math.ceil((body.length * 4) / TARGET_PIECES));
  const offsets: number[] = [];
  let offset = 0;
  while (offset < body.length) {
    // Half the pieces are tiny (1..4 bytes) so that short multi-byte sequences get split too.
    const size = next() < 0.5 ? 1 + Math.floor(next() * 4) : 1 + Math.floor(next() * maxPiece);
    offset += size;
    offsets.push(offset);
  }
  return splitAt(body, offsets);
}

/** A small, well-known 32-bit PRNG: deterministic for a seed, good enough for test splits. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
