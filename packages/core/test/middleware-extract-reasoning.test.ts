import {
  type ChatChunk,
  complete,
  createReasoningSplitter,
  extractReasoning,
  streamChatCompletion,
  wrapModel,
} from '@switchyard/core';
import { createScriptedModel } from '@switchyard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deltaChunk, finish, request, text, tools, usage } from './helpers.js';

/** The reference: the whole text split at the tags in one pass, with indexOf. */
function reference(whole: string, tag = 'think', startInside = false): { content: string; reasoning: string } {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let content = '';
  let reasoning = '';
  let inside = startInside;
  let pos = 0;
  for (;;) {
    const marker = inside ? close : open;
    const at = whole.indexOf(marker, pos);
    const piece = whole.slice(pos, at === -1 ? whole.length : at);
    if (inside) reasoning += piece;
    else content += piece;
    if (at === -1) return { content, reasoning };
    inside = !inside;
    pos = at + marker.length;
  }
}

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

async function run(chunks: ChatChunk[], options: Parameters<typeof extractReasoning>[0] = {}) {
  const model = createScriptedModel({ chunks });
  const events: Array<[string, string]> = [];
  const message = await streamChatCompletion(
    request,
    { onToken: (t) => events.push(['content', t]), onReasoning: (r) => events.push(['reasoning', r]) },
    wrapModel(model, extractReasoning(options)),
  );
  return { message, events };
}

/** Text made mostly of tag pieces, so random cuts land inside tags often. */
const tagText = fc
  .array(
    fc.constantFrom('<think>', '</think>', '<', '</', '<th', 'think>', '>', 'a', 'b c', '\n', 'é', '<thi', '</thin'),
    {
      maxLength: 30,
    },
  )
  .map((pieces) => pieces.join(''));

describe('extractReasoning', () => {
  it('turns text inside <think> into reasoning and drops the tags', async () => {
    const { message, events } = await run([text('<think>plan A'), text('</think>The answer'), finish()]);
    expect(message.reasoning).toBe('plan A');
    expect(message.content).toBe('The answer');
    expect(events).toEqual([
      ['reasoning', 'plan A'],
      ['content', 'The answer'],
    ]);
  });

  it('keeps the order of text before, inside and after the tags within one chunk', async () => {
    const { events } = await run([text('a<think>b</think>c'), finish()]);
    expect(events).toEqual([
      ['content', 'a'],
      ['reasoning', 'b'],
      ['content', 'c'],
    ]);
  });

  it('finds tags split one character per chunk', async () => {
    const chunks = [...'x<think>why</think>y'].map((c) => text(c));
    const { message } = await run([...chunks, finish()]);
    expect({ content: message.content, reasoning: message.reasoning }).toEqual({ content: 'xy', reasoning: 'why' });
  });

  it('releases a held-back partial tag that turns out to be text', async () => {
    const { message } = await run([text('1 <thi'), text('ng> 2 </'), finish()]);
    expect(message.content).toBe('1 <thing> 2 </');
    expect(message.reasoning).toBeUndefined();
  });

  it('keeps reasoning when the stream ends inside an unclosed tag', async () => {
    const { message } = await run([text('<think>still thinking</thi'), finish('length')]);
    expect(message.reasoning).toBe('still thinking</thi');
    expect(message.content).toBe('');
  });

  it('starts inside the tag with startInside (templates that open it themselves)', async () => {
    const { message } = await run([text('reasoning here</think>answer'), finish()], { startInside: true });
    expect({ content: message.content, reasoning: message.reasoning }).toEqual({
      content: 'answer',
      reasoning: 'reasoning here',
    });
  });

  it('uses another tag name', async () => {
    const { message } = await run([text('<reasoning>r</reasoning><think>t</think>'), finish()], { tag: 'reasoning' });
    expect({ content: message.content, reasoning: message.reasoning }).toEqual({
      content: '<think>t</think>',
      reasoning: 'r',
    });
  });

  it('passes tool calls, usage and the finish through', async () => {
    const { message } = await run([
      deltaChunk({ role: 'assistant' }, { id: 'r-1' }),
      text('<think>call it</think>'),
      tools({ index: 0, id: 'c1', name: 'get', arguments: '{}' }),
      finish('tool_calls'),
      usage({ inputTokens: 3, outputTokens: 4 }),
    ]);
    expect(message).toMatchObject({
      id: 'r-1',
      reasoning: 'call it',
      toolCalls: [{ id: 'c1', name: 'get', input: {} }],
      finishReason: 'tool_calls',
      usage: { inputTokens: 3, outputTokens: 4 },
    });
  });

  it('passes chunks without tags through as they are', async () => {
    const chunk = text('plain');
    const model = createScriptedModel({ chunks: [chunk, finish()] });
    const out: ChatChunk[] = [];
    for await (const c of wrapModel(model, extractReasoning()).createChatCompletionStream(request)) out.push(c);
    expect(out[0]).toBe(chunk);
  });

  it('closes the inner stream when the consumer leaves early', async () => {
    const model = createScriptedModel({ chunks: [text('<think>a'), text('b'), finish()] });
    for await (const _c of wrapModel(model, extractReasoning()).createChatCompletionStream(request)) break;
    expect(model.closedEarly).toBe(1);
  });

  it('refuses a tag name with angle brackets', () => {
    expect(() => extractReasoning({ tag: '<think>' })).toThrow(/without "<" or ">"/);
    expect(() => extractReasoning({ tag: '' })).toThrow(/tag name/);
  });

  it('gives the reference split for any split of any text into chunks (property)', async () => {
    await fc.assert(
      fc.asyncProperty(tagText, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (whole, cuts, inside) => {
        const chunks = split(whole, cuts).map((piece) => text(piece));
        const { message } = await run([...chunks, finish()], { startInside: inside });
        const expected = reference(whole, 'think', inside);
        expect(message.content).toBe(expected.content);
        expect(message.reasoning ?? '').toBe(expected.reasoning);
      }),
      { numRuns: 300 },
    );
  });

  it("holds back at most the closing tag's length minus one (property)", () => {
    fc.assert(
      fc.property(tagText, fc.array(fc.nat(), { maxLength: 12 }), (whole, cuts) => {
        const splitter = createReasoningSplitter();
        let emitted = 0;
        let pushed = 0;
        for (const piece of split(whole, cuts)) {
          pushed += piece.length;
          for (const segment of splitter.push(piece)) emitted += segment.text.length;
          // Tags are consumed, so emitted + held back + tag characters = pushed.
          expect(pushed - emitted).toBeGreaterThanOrEqual(0);
        }
        const held = splitter.flush()?.text.length ?? 0;
        expect(held).toBeLessThanOrEqual('</think>'.length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('scans a long stream in linear time', () => {
    const splitter = createReasoningSplitter();
    const piece = '<'.repeat(7);
    const started = performance.now();
    let total = 0;
    for (let i = 0; i < 200_000; i++) for (const s of splitter.push(piece)) total += s.text.length;
    const elapsed = performance.now() - started;
    expect(total).toBeGreaterThan(1_000_000);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('extractReasoning with complete()', () => {
  it('returns the message with reasoning split out', async () => {
    const model = createScriptedModel({ chunks: [text('<think>r</think>c'), finish()] });
    const message = await complete(request, wrapModel(model, extractReasoning()));
    expect({ content: message.content, reasoning: message.reasoning }).toEqual({ content: 'c', reasoning: 'r' });
  });
});
