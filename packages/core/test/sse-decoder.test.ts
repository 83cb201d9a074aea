import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSseDecoder, isLLMError, type SseEvent } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const encoder = new TextEncoder();

/** Decodes `bytes` pushed in the given pieces. */
function decodeInPieces(pieces: Uint8Array[], maxEventBytes?: number): SseEvent[] {
  const decoder = createSseDecoder(maxEventBytes === undefined ? {} : { maxEventBytes });
  const out: SseEvent[] = [];
  for (const piece of pieces) decoder.push(piece, out);
  decoder.end(out);
  return out;
}

function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(from, point));
    from = point;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/**
 * The reference: the whole body decoded at once, split into lines with one regex, fields
 * as the SSE specification reads them, plus the decoder's two documented additions (a raw
 * tail from a line beginning with `{` or `[` where an event would begin, and a final event
 * flushed without its blank line).
 */
function referenceDecode(bytes: Uint8Array): SseEvent[] {
  const text = new TextDecoder().decode(bytes);
  const out: SseEvent[] = [];
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  const dispatch = (unterminated: boolean): void => {
    if (data.length > 0) out.push({ event, data: data.join('\n'), id, raw: false, unterminated });
    data = [];
    event = undefined;
    id = undefined;
  };
  const lineBreak = /\r\n|\r|\n/g;
  let position = 0;
  while (position <= text.length) {
    lineBreak.lastIndex = position;
    const match = lineBreak.exec(text);
    const end = match === null ? text.length : match.index;
    const line = text.slice(position, end);
    const next = match === null ? text.length + 1 : end + match[0].length;
    if (match === null && line === '') break;
    if ((line.startsWith('{') || line.startsWith('[')) && data.length === 0 && event === undefined) {
      const rest = text.slice(position);
      if (rest.trim() !== '') out.push({ event: undefined, data: rest, id: undefined, raw: true, unterminated: true });
      return out;
    }
    position = next;
    if (line === '') {
      dispatch(false);
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  }
  dispatch(true);
  return out;
}

// Pieces that make SSE interesting: field names, separators in every style, multi-byte text.
const token = fc.constantFrom(
  'data:',
  'data: ',
  'data',
  'event: ',
  'event:',
  'id: ',
  'retry: 10',
  ':',
  ': ping',
  ' ',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '\r\n\r\n',
  '{"a":1}',
  '[1]',
  '{',
  'é',
  '€',
  '😀',
  'x',
  'text',
  '\0',
);
const stream = fc.array(fc.oneof(token, fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''));
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('createSseDecoder', () => {
  it('equals the reference decoder on random streams cut at random byte offsets', () => {
    fc.assert(
      fc.property(stream, cuts, (text, at) => {
        const bytes = encoder.encode(text);
        expect(decodeInPieces(cut(bytes, at))).toEqual(referenceDecode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals the reference decoder on every recording, one byte at a time and at random cuts', () => {
    const root = fileURLToPath(new URL('../../conformance/recordings', import.meta.url));
    let files = 0;
    for (const vendor of readdirSync(root)) {
      for (const file of readdirSync(join(root, vendor))) {
        if (!file.endsWith('.sse')) continue;
        files++;
        const bytes = new Uint8Array(readFileSync(join(root, vendor, file)));
        const expected = referenceDecode(bytes);
        expect(expected.length, file).toBeGreaterThan(0);
        if (bytes.length < 200_000) {
          const single: Uint8Array[] = [];
          for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
          expect(decodeInPieces(single), `${file} in 1-byte pieces`).toEqual(expected);
        }
        fc.assert(
          fc.property(fc.array(fc.nat(), { maxLength: 40 }), (at) => {
            expect(decodeInPieces(cut(bytes, at))).toEqual(expected);
          }),
          { numRuns: 20 },
        );
      }
    }
    expect(files).toBeGreaterThan(30);
  });

  it.each([
    ['\\n', 'data: a\n\ndata: b\n\n'],
    ['\\r', 'data: a\r\rdata: b\r\r'],
    ['\\r\\n', 'data: a\r\n\r\ndata: b\r\n\r\n'],
  ])('ends lines at %s', (_name, text) => {
    expect(decodeInPieces([encoder.encode(text)]).map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('treats \\r at the end of one push and \\n at the start of the next as one line end', () => {
    const events = decodeInPieces([
      encoder.encode('data: a\r'),
      encoder.encode('\n\r'),
      encoder.encode('\ndata: b\n\n'),
    ]);
    expect(events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('decodes a code point split across pushes', () => {
    const bytes = encoder.encode('data: 😀é\n\n');
    const events = decodeInPieces([bytes.subarray(0, 7), bytes.subarray(7, 9), bytes.subarray(9)]);
    expect(events[0]?.data).toBe('😀é');
  });

  it('joins multi-line data with \\n and keeps the event name and id', () => {
    const events = decodeInPieces([encoder.encode('event: delta\nid: 7\ndata: one\ndata:two\n\n')]);
    expect(events).toEqual([{ event: 'delta', id: '7', data: 'one\ntwo', raw: false, unterminated: false }]);
  });

  it('drops comment lines', () => {
    expect(decodeInPieces([encoder.encode(': keep-alive\ndata: x\n: more\n\n')]).map((e) => e.data)).toEqual(['x']);
  });

  it('flushes a final event that has no blank line, marked unterminated', () => {
    expect(decodeInPieces([encoder.encode('data: first\n\ndata: last')])).toEqual([
      { event: undefined, id: undefined, data: 'first', raw: false, unterminated: false },
      { event: undefined, id: undefined, data: 'last', raw: false, unterminated: true },
    ]);
  });

  it('surfaces a bare JSON tail after the events as one raw event, however it is split', () => {
    const text = 'data: {"a":1}\r\n\r\n{\n  "error": {\n    "code": 503\n  }\n}\n';
    const bytes = encoder.encode(text);
    const single: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
    const events = decodeInPieces(single);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({
      event: undefined,
      id: undefined,
      raw: true,
      unterminated: true,
      data: '{\n  "error": {\n    "code": 503\n  }\n}\n',
    });
  });

  it('surfaces a whole JSON body as one raw event', () => {
    expect(decodeInPieces([encoder.encode('[{"error":{"code":429}}]')])).toEqual([
      { event: undefined, id: undefined, raw: true, unterminated: true, data: '[{"error":{"code":429}}]' },
    ]);
  });

  it.each([
    ['an endless line', (n: number) => 'data: '.padEnd(n, 'a')],
    ['an event of many data lines', (n: number) => 'data: aaaaaaa\n'.repeat(Math.ceil(n / 14))],
    ['a raw tail', (n: number) => '{'.padEnd(n, ' ')],
    ['a data: flood', (n: number) => 'data:\n'.repeat(n)],
  ])('stops %s at maxEventBytes with a server LLMError', (_name, make) => {
    const bytes = encoder.encode(make(5000));
    let error: unknown;
    try {
      decodeInPieces(cut(bytes, [100, 2000, 3000]), 1000);
    } catch (caught) {
      error = caught;
    }
    expect(isLLMError(error) && error.code === 'server' && !error.retryable).toBe(true);
  });

  it('keeps nothing of comment lines, however long (a flood passes within a small cap)', () => {
    const flood = encoder.encode(`:${'x'.repeat(100_000)}\n${':\n'.repeat(50_000)}data: ok\n\n`);
    expect(decodeInPieces(cut(flood, [1, 500, 60_000, 150_000]), 64).map((e) => e.data)).toEqual(['ok']);
  });

  it('is linear in the length of a line split into many pushes', () => {
    // Work is measured as time in the same process at n and 4n; a quadratic decoder gives ~16.
    const time = (n: number): number => {
      const piece = encoder.encode('a'.repeat(64));
      const decoder = createSseDecoder({ maxEventBytes: 64 * n + 100 });
      const out: SseEvent[] = [];
      const start = performance.now();
      decoder.push(encoder.encode('data: '), out);
      for (let i = 0; i < n; i++) decoder.push(piece, out);
      decoder.push(encoder.encode('\n\n'), out);
      return performance.now() - start;
    };
    time(20_000);
    const small = Math.min(time(40_000), time(40_000));
    const large = Math.min(time(160_000), time(160_000));
    expect(large / small).toBeLessThan(10);
  });
});
