import {
  type ChatChunk,
  chatStream,
  createAccumulator,
  type OutputMessage,
  streamChatCompletion,
  type ToolCallDelta,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectUnhandledRejections,
  deltaChunk,
  fastRetry,
  finish,
  recordingSink,
  request,
  role,
  serverError,
  text,
} from './helpers.js';

const RUNS = { numRuns: 200 };

/** Cuts `value` at the given positions (taken modulo its length + 1). */
function split(value: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (value.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(value.slice(from, point));
    from = point;
  }
  pieces.push(value.slice(from));
  return pieces;
}

function assemble(chunks: ChatChunk[]) {
  const sink = recordingSink();
  const accumulator = createAccumulator(sink);
  for (const chunk of chunks) accumulator.push(chunk);
  return { sink, message: accumulator.end() };
}

const jsonLeaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.oneof(
  jsonLeaf,
  fc.array(jsonLeaf, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), jsonLeaf, { maxKeys: 2 }),
);
const argumentsObject = fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 4 });
const cuts = fc.array(fc.nat(), { maxLength: 8 });

interface PlannedCall {
  name: string;
  args: string;
  cuts: number[];
}

const plannedCall: fc.Arbitrary<PlannedCall> = fc.record({
  name: fc.constantFrom('get_weather', 'search', 'noop'),
  args: argumentsObject.map((value) => JSON.stringify(value)),
  cuts,
});

/**
 * Interleaves the fragments of parallel calls: `schedule` picks which call advances next.
 * Each call keeps its own order; with `inIndexOrder` calls also start in index order, as
 * vendors send them. `pack` glues a fragment into the previous chunk.
 */
function interleave(calls: PlannedCall[], schedule: number[], pack: boolean[], inIndexOrder = true): ChatChunk[] {
  const queues = calls.map((call) => split(call.args, call.cuts));
  const next = calls.map(() => 0);
  const chunks: ChatChunk[] = [];
  let step = 0;
  for (;;) {
    const eligible: number[] = [];
    for (let j = 0; j < calls.length; j++) {
      const startedBefore = !inIndexOrder || j === 0 || next[j - 1]! > 0;
      if (next[j]! < queues[j]!.length && startedBefore) eligible.push(j);
    }
    if (eligible.length === 0) break;
    const j = eligible[(schedule[step] ?? 0) % eligible.length]!;
    const fragment = queues[j]![next[j]!]!;
    const delta: ToolCallDelta =
      next[j] === 0
        ? { index: j, id: `call_${j}`, name: calls[j]!.name, arguments: fragment }
        : { index: j, arguments: fragment };
    next[j]! += 1;
    const previous = chunks.at(-1);
    if (pack[step] === true && previous !== undefined) previous.choices[0]!.delta.toolCalls!.push(delta);
    else chunks.push(deltaChunk({ toolCalls: [delta] }));
    step += 1;
  }
  chunks.push(finish('stop'));
  return chunks;
}

function expectedMessage(calls: PlannedCall[]): OutputMessage {
  return {
    role: 'assistant',
    content: '',
    toolCalls: calls.map((call, j) => ({
      id: `call_${j}`,
      name: call.name,
      arguments: call.args,
      input: JSON.parse(call.args) as unknown,
    })),
    finishReason: 'tool_calls',
    rawFinishReason: 'stop',
  };
}

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);

describe('accumulator properties', () => {
  it('gives the same message for any split of the argument text', () => {
    fc.assert(
      fc.property(plannedCall, (call) => {
        const { message, sink } = assemble(interleave([call], [], []));
        expect(message).toEqual(expectedMessage([call]));
        expect(sink.toolCalls).toEqual(message.toolCalls);
      }),
      RUNS,
    );
  });

  it('gives the same message for any interleaving of parallel calls, delivering each call whole', () => {
    fc.assert(
      fc.property(
        fc.array(plannedCall, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (calls, schedule, pack) => {
          const { message, sink } = assemble(interleave(calls, schedule, pack));
          expect(message).toEqual(expectedMessage(calls));
          // Each call delivered once, and exactly as it ends up in the message.
          expect([...sink.toolCalls].sort(byId)).toEqual(message.toolCalls);
        },
      ),
      RUNS,
    );
  });

  it('delivers the same whole calls when calls start out of index order', () => {
    fc.assert(
      fc.property(
        fc.array(plannedCall, { minLength: 2, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (calls, schedule) => {
          const { message, sink } = assemble(interleave(calls, schedule, [], false));
          expect([...message.toolCalls].sort(byId)).toEqual(expectedMessage(calls).toolCalls);
          expect([...sink.toolCalls].sort(byId)).toEqual(expectedMessage(calls).toolCalls);
        },
      ),
      RUNS,
    );
  });

  it('gives the same content for any split of the text, and the tokens concatenate to it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), cuts, (value, positions) => {
        const pieces = split(value, positions);
        const { message, sink } = assemble([...pieces.map((piece) => text(piece)), finish()]);
        expect(message.content).toBe(value);
        expect(sink.tokens.join('')).toBe(value);
        expect(sink.tokens.every((token) => token !== '')).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps the latest usage snapshot, whatever came before', () => {
    const snapshot = fc.record({ inputTokens: fc.nat(), outputTokens: fc.nat() });
    fc.assert(
      fc.property(fc.array(snapshot, { minLength: 1, maxLength: 6 }), (snapshots) => {
        const chunks: ChatChunk[] = snapshots.map((usage) => ({ choices: [], usage }));
        const { message } = assemble([...chunks, finish()]);
        expect(message.usage).toEqual(snapshots.at(-1));
      }),
      RUNS,
    );
  });

  it('keeps unicode text, reasoning and arguments intact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 8 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ unit: 'grapheme', maxLength: 8 }), {
          maxKeys: 3,
        }),
        cuts,
        (deltas, thoughts, args, positions) => {
          const argsText = JSON.stringify(args);
          const chunks: ChatChunk[] = [
            ...thoughts.map((thought) => deltaChunk({ reasoning: thought })),
            ...deltas.map((delta) => text(delta)),
            ...split(argsText, positions).map((piece, i) =>
              deltaChunk({
                toolCalls: [
                  i === 0 ? { index: 0, id: 'c', name: 'f', arguments: piece } : { index: 0, arguments: piece },
                ],
              }),
            ),
            finish('stop'),
          ];
          const { message, sink } = assemble(chunks);
          expect(message.content).toBe(deltas.join(''));
          expect(sink.reasoningTexts.join('')).toBe(thoughts.join(''));
          expect(message.toolCalls[0]?.arguments).toBe(argsText);
          expect(message.toolCalls[0]?.input).toEqual(args);
        },
      ),
      RUNS,
    );
  });
});

describe('streaming properties', () => {
  it('streams unicode tokens through the handler unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { maxLength: 8 }),
        async (deltas) => {
          const tokens: string[] = [];
          const model = createScriptedModel({ chunks: [...deltas.map((delta) => text(delta)), finish()] });
          const message = await streamChatCompletion(request, { onToken: (token) => tokens.push(token) }, model);
          expect(tokens).toEqual(deltas);
          expect(message.content).toBe(deltas.join(''));
        },
      ),
      RUNS,
    );
  });

  it('never retries after output was delivered, whatever the failure point', async () => {
    const script = fc.array(fc.option(fc.string({ minLength: 1, maxLength: 3 }), { nil: undefined }), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(script, fc.nat(), async (items, point) => {
        const chunks = items.map((item) => (item === undefined ? role() : text(item)));
        const failAfter = point % (chunks.length + 1);
        const failure = serverError();
        const model = createScriptedModel({
          attempts: [{ chunks, failAfter, error: failure }, { chunks: textChunks('ok') }],
        });
        const sent = items.slice(0, failAfter).filter((item) => item !== undefined);
        const outcome = await streamChatCompletion(request, {}, model, { retryDelay: fastRetry, maxRetries: 3 }).then(
          (message) => ({ message, error: undefined }),
          (error: unknown) => ({ message: undefined, error }),
        );
        if (sent.length > 0) {
          expect(model.requests).toHaveLength(1);
          expect(outcome.error).toBe(failure);
          expect(failure.partial?.content).toBe(sent.join(''));
        } else {
          expect(model.requests).toHaveLength(2);
          expect(outcome.message?.content).toBe('ok');
        }
      }),
      RUNS,
    );
  });

  it('rejects with aborted at any abort point, with no unhandled rejection', async () => {
    const rejections = await collectUnhandledRejections(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 5 }),
          fc.nat(),
          fc.constantFrom('handler', 'events', 'timer'),
          async (tokens, point, how) => {
            const abortAt = point % tokens.length;
            const controller = new AbortController();
            const model = createScriptedModel({
              chunks: [...tokens.map((token) => text(token)), finish()],
              delayMs: 1,
            });
            const options = { signal: controller.signal };
            let seen = 0;
            const onToken = (): void => {
              seen += 1;
              if (seen === abortAt) controller.abort();
            };
            let done: Promise<unknown>;
            if (how === 'events') {
              done = (async () => {
                for await (const event of chatStream(request, model, options)) if (event.type === 'token') onToken();
              })();
            } else {
              done = streamChatCompletion(
                request,
                { onToken: how === 'handler' ? onToken : undefined },
                model,
                options,
              );
            }
            if (how === 'timer') setTimeout(() => controller.abort(), abortAt);
            else if (abortAt === 0) controller.abort();
            const error = await done.then(
              () => undefined,
              (caught: unknown) => caught,
            );
            expect(error).toMatchObject({ code: 'aborted' });
            expect(model.closedEarly).toBe(model.requests.length);
          },
        ),
        RUNS,
      );
    });
    expect(rejections).toEqual([]);
  });
});

// A plain model of the rule "a later index delivers the earlier open calls whose text is one
// closed object or array": it rescans every call and reads every text whole each time.
function closedWhole(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let closed = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (closed) return false;
    if (depth === 0 && ch !== '{' && ch !== '[') return false;
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) closed = true;
    }
  }
  return closed;
}

function referenceDeliveries(chunks: Array<Array<{ index: number; arguments: string }>>): string[] {
  interface Call {
    key: string;
    index: number;
    args: string;
    delivered: boolean;
  }
  const calls: Call[] = [];
  const byIndex = new Map<number, Call>();
  const out: string[] = [];
  let made = 0;
  const start = (index: number, args: string): Call => {
    const call = { key: `c${made++}`, index, args, delivered: false };
    calls.push(call);
    byIndex.set(index, call);
    return call;
  };
  for (const deltas of chunks) {
    let startedIndex = -1;
    for (const delta of deltas) {
      let call = byIndex.get(delta.index);
      if (call === undefined) {
        call = start(delta.index, '');
        if (delta.index > startedIndex) startedIndex = delta.index;
      }
      if (!call.delivered) call.args += delta.arguments;
      else if (delta.arguments.trim() !== '') start(delta.index, delta.arguments);
    }
    if (startedIndex < 0) continue;
    const ready = calls
      .filter((call) => !call.delivered && call.index < startedIndex && call.args !== '' && closedWhole(call.args))
      .sort((a, b) => a.index - b.index);
    for (const call of ready) {
      call.delivered = true;
      out.push(call.args);
    }
  }
  return out;
}

describe('delivery when a later index starts', () => {
  it('matches a plain rescanning model of the rule, for any fragments in any order', () => {
    const fragment = fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ':', ',', ' ', '{"k":"v"}', '"}"');
    const chunk = fc.array(fc.record({ index: fc.integer({ min: 0, max: 5 }), arguments: fragment }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (chunks) => {
        const sink = recordingSink();
        const accumulator = createAccumulator(sink);
        for (const deltas of chunks) accumulator.push(deltaChunk({ toolCalls: deltas }));
        expect(sink.toolCalls.map((call) => call.arguments)).toEqual(referenceDeliveries(chunks));
      }),
      { numRuns: 500 },
    );
  });
});
