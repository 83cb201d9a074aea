import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventBoundaries, splitAt, splitEvents } from '../src/split-events.js';

const buf = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('eventBoundaries', () => {
  it('finds LF-framed events', () => {
    expect(eventBoundaries(buf('data: a\n\ndata: b\n\n'))).toEqual([9, 18]);
  });

  it('finds CRLF-framed events (Gemini)', () => {
    expect(eventBoundaries(buf('data: a\r\n\r\ndata: b\r\n\r\n'))).toEqual([11, 22]);
  });

  it('treats a run of blank lines as one boundary', () => {
    expect(eventBoundaries(buf('data: a\n\n\n\ndata: b\n\n'))).toEqual([9, 20]);
  });

  it('keeps multi-line events whole', () => {
    expect(eventBoundaries(buf('event: x\ndata: 1\n\n'))).toEqual([18]);
  });

  it('ignores a trailing event without its blank line', () => {
    expect(eventBoundaries(buf('data: a\n\ndata: b\n'))).toEqual([9]);
  });
});

describe('splitEvents', () => {
  it('returns pieces that reassemble to the exact bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('\n', '\r\n', '\n\n', '\r\n\r\n', 'é', '✓'))),
        (parts) => {
          const body = buf(parts.join(''));
          expect(Buffer.concat(splitEvents(body)).equals(body)).toBe(true);
        },
      ),
    );
  });

  it('puts one event in each piece', () => {
    expect(splitEvents(buf('data: a\n\nevent: x\ndata: b\n\ndata: c')).map(String)).toEqual([
      'data: a\n\n',
      'event: x\ndata: b\n\n',
      'data: c',
    ]);
  });
});

describe('splitAt', () => {
  it('ignores offsets beyond the body and repeated offsets', () => {
    expect(splitAt(buf('abcdef'), [2, 2, 4, 9]).map(String)).toEqual(['ab', 'cd', 'ef']);
  });
});
