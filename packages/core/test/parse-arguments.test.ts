import { parseArguments } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('parseArguments', () => {
  it.each([
    ['', {}],
    ['   ', {}],
    ['\n\t', {}],
    ['{}', {}],
    ['{"city":"Paris","days":3}', { city: 'Paris', days: 3 }],
    ['  {"nested":{"list":[1,2,null]}}  ', { nested: { list: [1, 2, null] } }],
    ['[1,2]', [1, 2]],
    ['"text"', 'text'],
    ['null', null],
  ])('parses %j into its value', (text, expected) => {
    expect(parseArguments(text)).toEqual({ input: expected });
  });

  it.each(['{"a":', '{"a":1}}', "{'a':1}", 'undefined', '{a:1}', '{"a":1,}'])(
    'keeps %j unparsed with a parse error instead of throwing',
    (text) => {
      const parsed = parseArguments(text);
      expect(parsed.input).toBeUndefined();
      expect(parsed.parseError).toEqual(expect.any(String));
      expect(parsed.parseError?.length).toBeGreaterThan(0);
    },
  );

  it('leaves parseError out when the text parses', () => {
    expect(parseArguments('{"a":1}')).not.toHaveProperty('parseError');
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const parsed = parseArguments(text);
        expect(parsed.parseError === undefined || parsed.input === undefined).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips any JSON object', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 8 }),
          fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)),
          { maxKeys: 5 },
        ),
        (value) => {
          expect(parseArguments(JSON.stringify(value)).input).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
