import { describe, expect, it } from 'vitest';
import { applyPartialArg, parseJsonPath, startStreamedCall } from '../src/map-partial-args.js';
import { createStreamState, mapStreamEvent } from '../src/map-stream.js';

const event = (parts: object[], finishReason?: string) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }],
});

describe('parseJsonPath', () => {
  it.each([
    ['$.a', ['a']],
    ['$.a.b[0].c', ['a', 'b', 0, 'c']],
    ["$['a b'].c", ['a b', 'c']],
    ['$', []],
  ])('%s', (path, steps) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });

  it.each(['a.b', '$..a', '$[x]', '$[1234567890]', '$[', "$['a"])('rejects %s', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });

  it('rejects a path deeper than 64 steps (a hostile stream cannot overflow the stack)', () => {
    expect(parseJsonPath(`$${'.a'.repeat(64)}`)).toHaveLength(64);
    expect(parseJsonPath(`$${'.a'.repeat(100_000)}`)).toBeUndefined();
    const state = createStreamState('google');
    mapStreamEvent(event([{ functionCall: { name: 'f', willContinue: true } }]), state);
    const path = `$.a${'[0]'.repeat(100_000)}`;
    mapStreamEvent(
      event([{ functionCall: { partialArgs: [{ jsonPath: path, numberValue: 1 }], willContinue: true } }]),
      state,
    );
    const end = mapStreamEvent(event([{ functionCall: {} }]), state);
    expect(end[0]!.choices[0]!.delta.toolCalls).toEqual([{ index: 0, arguments: '{}', done: true }]);
  });
});

describe('applyPartialArg', () => {
  it('appends string fragments at one path and sets other values', () => {
    const args = startStreamedCall(0).args;
    applyPartialArg(args, { jsonPath: '$.q', stringValue: 'Zür', willContinue: true });
    applyPartialArg(args, { jsonPath: '$.q', stringValue: 'ich' });
    applyPartialArg(args, { jsonPath: '$.n', numberValue: 0 });
    applyPartialArg(args, { jsonPath: '$.b', boolValue: false });
    applyPartialArg(args, { jsonPath: '$.z', nullValue: 'NULL_VALUE' });
    applyPartialArg(args, { jsonPath: '$.list[0].x', numberValue: 1 });
    expect(JSON.parse(JSON.stringify(args))).toEqual({ q: 'Zürich', n: 0, b: false, z: null, list: [{ x: 1 }] });
  });

  it('keeps __proto__ as data and ignores an index beyond the array end', () => {
    const args = startStreamedCall(0).args;
    applyPartialArg(args, { jsonPath: '$.__proto__.polluted', boolValue: true });
    applyPartialArg(args, { jsonPath: '$.list[0]', numberValue: 1 });
    applyPartialArg(args, { jsonPath: '$.list[999999999]', numberValue: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(args)).toBe('{"__proto__":{"polluted":true},"list":[1]}');
  });
});

describe('mapStreamEvent with streamed function call arguments', () => {
  it('merges the parts of one call into one tool call, whole at its end marker', () => {
    const state = createStreamState('google');
    const deltas = [
      mapStreamEvent(event([{ functionCall: { name: 'f', willContinue: true }, thoughtSignature: 'sig' }]), state),
      mapStreamEvent(
        event([{ functionCall: { partialArgs: [{ jsonPath: '$.a', stringValue: 'x' }], willContinue: true } }]),
        state,
      ),
      mapStreamEvent(event([{ functionCall: {} }]), state),
    ].flatMap((chunks) => chunks.flatMap((c) => c.choices[0]?.delta.toolCalls ?? []));
    expect(deltas).toEqual([
      { index: 0, name: 'f', arguments: '', signature: 'sig' },
      { index: 0, arguments: '{"a":"x"}', done: true },
    ]);
    expect(state.toolCallIndex).toBe(1);
  });

  it('closes a call still open when the candidate finishes, and a named part starts the next call', () => {
    const state = createStreamState('google');
    mapStreamEvent(event([{ functionCall: { name: 'f', willContinue: true } }]), state);
    const second = mapStreamEvent(
      event([{ functionCall: { name: 'g', willContinue: true, partialArgs: [{ jsonPath: '$.k', numberValue: 3 }] } }]),
      state,
    );
    expect(second[0]!.choices[0]!.delta.toolCalls).toEqual([
      { index: 0, arguments: '{}', done: true },
      { index: 1, name: 'g', arguments: '' },
    ]);
    const end = mapStreamEvent(event([], 'STOP'), state);
    expect(end[0]!.choices[0]!.delta.toolCalls).toEqual([{ index: 1, arguments: '{"k":3}', done: true }]);
    expect(end[end.length - 1]!.choices[0]!.finishReason).toBe('stop');
    expect(state.streamedCall).toBeUndefined();
  });

  it('continues the open call when a later part repeats its name, and starts a new one for another id', () => {
    const state = createStreamState('google');
    const parts = (functionCall: object) => event([{ functionCall }]);
    const deltas = [
      mapStreamEvent(parts({ name: 'f', id: 'c1', willContinue: true }), state),
      mapStreamEvent(
        parts({ name: 'f', partialArgs: [{ jsonPath: '$.a', numberValue: 1 }], willContinue: true }),
        state,
      ),
      mapStreamEvent(parts({ name: 'f', id: 'c2', willContinue: true }), state),
      mapStreamEvent(parts({}), state),
    ].flatMap((chunks) => chunks.flatMap((c) => c.choices[0]?.delta.toolCalls ?? []));
    expect(deltas).toEqual([
      { index: 0, name: 'f', id: 'c1', arguments: '' },
      { index: 0, arguments: '{"a":1}', done: true },
      { index: 1, name: 'f', id: 'c2', arguments: '' },
      { index: 1, arguments: '{}', done: true },
    ]);
  });

  it('leaves whole calls (args, no willContinue) as one done call each', () => {
    const state = createStreamState('google');
    const chunks = mapStreamEvent(event([{ functionCall: { name: 'f', args: { a: 1 } } }]), state);
    expect(chunks[0]!.choices[0]!.delta.toolCalls).toEqual([{ index: 0, name: 'f', arguments: '{"a":1}', done: true }]);
  });
});
