import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPartialJsonParser, parsePartialJson } from '../src/partial-json.js';

// Splits `text` at the given cut points (sorted, deduplicated, within bounds).
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces;
}

const documents = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent));

describe('createPartialJsonParser', () => {
  it('ends with what JSON.parse returns, however the document is split', () => {
    fc.assert(
      fc.property(documents, fc.array(fc.nat(), { maxLength: 20 }), (text, cuts) => {
        const parser = createPartialJsonParser();
        for (const piece of split(text, cuts)) parser.push(piece);
        expect(parser.failed).toBe(false);
        expect(parser.end()).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  it('reads escapes and surrogate pairs split anywhere (one character per piece)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value).replace(
          /[\u007f-\uffff]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
        const parser = createPartialJsonParser();
        for (const ch of text) parser.push(ch);
        expect(parser.end()).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 150 },
    );
  });

  it('every intermediate value is a prefix-consistent part of the final one', () => {
    fc.assert(
      fc.property(documents, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const parser = createPartialJsonParser();
        const final = JSON.parse(text) as unknown;
        for (const piece of split(text, cuts)) {
          parser.push(piece);
          expect(isPartOf(structuredClone(parser.value), final)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows a string as far as it arrived, and a key once its value starts', () => {
    const parser = createPartialJsonParser();
    expect(parser.push('{"name": "Ad')).toBe(true);
    expect(parser.value).toEqual({ name: 'Ad' });
    parser.push('a", "ag');
    expect(parser.value).toEqual({ name: 'Ada' });
    parser.push('e": 3');
    expect(parser.value).toEqual({ name: 'Ada' });
    parser.push('6, "tags": [tr');
    expect(parser.value).toEqual({ name: 'Ada', age: 36, tags: [] });
    parser.push('ue]}');
    expect(parser.value).toEqual({ name: 'Ada', age: 36, tags: [true] });
    expect(parser.done).toBe(true);
  });

  it('reports no change for white space or an unfinished number', () => {
    const parser = createPartialJsonParser();
    parser.push('{"a": [1');
    expect(parser.push('2')).toBe(false);
    expect(parser.push(',')).toBe(true);
    expect(parser.value).toEqual({ a: [12] });
    expect(parser.push('   ')).toBe(false);
  });

  it('skips a Markdown fence or prose before the document and text after it', () => {
    expect(parsePartialJson('```json\n{"a": 1}\n```')).toEqual({ a: 1 });
    expect(parsePartialJson('Here you go: [1, 2]')).toEqual([1, 2]);
  });

  it('keeps "__proto__" as an own key, as JSON.parse does', () => {
    const value = parsePartialJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });

  it('stops changing after a syntax error', () => {
    const parser = createPartialJsonParser();
    parser.push('{"a": 1 "b": 2}');
    expect(parser.failed).toBe(true);
    expect(parser.value).toEqual({ a: 1 });
  });

  it('takes time linear in the output (a 2 MB document in 1-character pieces)', () => {
    const text = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: 'x'.repeat(80) })) });
    const parser = createPartialJsonParser();
    const started = performance.now();
    for (let i = 0; i < text.length; i += 1) parser.push(text[i]!);
    const elapsed = performance.now() - started;
    expect((parser.end() as { items: unknown[] }).items).toHaveLength(20_000);
    // Re-parsing the text per delta (quadratic) takes minutes here; linear takes well under this.
    expect(elapsed).toBeLessThan(5_000);
  });
});

// Whether `partial` could be an earlier state of `final`: same shape, strings as prefixes.
function isPartOf(partial: unknown, final: unknown): boolean {
  if (partial === undefined) return true;
  if (typeof partial === 'string') return typeof final === 'string' && final.startsWith(partial);
  if (Array.isArray(partial)) {
    if (!Array.isArray(final) || partial.length > final.length) return false;
    return partial.every((item, i) => isPartOf(item, final[i]));
  }
  if (typeof partial === 'object' && partial !== null) {
    if (typeof final !== 'object' || final === null || Array.isArray(final)) return false;
    return Object.keys(partial).every(
      (key) =>
        Object.hasOwn(final, key) &&
        isPartOf((partial as Record<string, unknown>)[key], (final as Record<string, unknown>)[key]),
    );
  }
  return Object.is(partial, final) || (partial === 0 && final === 0);
}
