import { type ChatChunk, isConnectionDrop, LLMError, pipeVendorStream } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { chunkBatches } from '../src/vendor-stream.js';

const chunk = (content: string): ChatChunk => ({ choices: [{ index: 0, delta: { content }, finishReason: null }] });

async function* events(items: string[], failWith?: unknown): AsyncGenerator<string> {
  for (const item of items) yield item;
  if (failWith !== undefined) throw failWith;
}

// Maps SDK-ish failures the way adapters do: a dropped connection is a truncated stream.
function fail(error: unknown): LLMError {
  if (error instanceof LLMError) return error;
  const code = isConnectionDrop(error) ? 'stream_truncated' : 'unknown';
  return new LLMError(String(error), { code, provider: 'test', cause: error });
}

async function collect(source: AsyncIterable<ChatChunk>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of source) out.push(item.choices[0]?.delta.content ?? '');
  return out;
}

describe('isConnectionDrop', () => {
  it.each([
    ["undici's terminated TypeError", new TypeError('terminated'), true],
    [
      'a TypeError caused by a socket error',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      }),
      true,
    ],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['a broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true],
    ['any other TypeError', new TypeError('x is not a function'), false],
    ['a syntax error', new SyntaxError('bad JSON'), false],
    ['a string', 'terminated', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isConnectionDrop(error)).toBe(expected);
  });
});

describe('pipeVendorStream', () => {
  it('maps each event to none, one or several chunks, in order', async () => {
    const out = await collect(
      pipeVendorStream({
        open: async () => events(['a', 'skip', 'bc']),
        map: (event) => (event === 'skip' ? undefined : event.length > 1 ? [...event].map(chunk) : chunk(event)),
        fail,
      }),
    );
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('hands the run loop the same chunks a network read at a time (CHUNK_BATCHES)', async () => {
    let closed: boolean | undefined;
    const stream = pipeVendorStream({
      open: async () => events(['a', 'skip', 'bc']),
      map: (event) => (event === 'skip' ? undefined : event.length > 1 ? [...event].map(chunk) : chunk(event)),
      fail,
      close: (completed) => {
        closed = completed;
      },
    });
    const batches = chunkBatches(stream);
    expect(batches).toBeDefined();
    const out: string[][] = [];
    for await (const batch of batches ?? []) out.push(batch.map((item) => item.choices[0]?.delta.content ?? ''));
    expect(out).toEqual([['a'], ['b', 'c']]);
    expect(closed).toBe(true);
    // A stream that is not from pipeVendorStream is read chunk by chunk.
    expect(chunkBatches(events([]) as unknown as AsyncIterable<ChatChunk>)).toBeUndefined();
  });

  it('opens nothing until the first chunk is asked for', async () => {
    let opened = 0;
    const stream = pipeVendorStream({
      open: async () => {
        opened += 1;
        return events(['a']);
      },
      map: chunk,
      fail,
    });
    expect(opened).toBe(0);
    await collect(stream);
    expect(opened).toBe(1);
  });

  it('maps a failure to open the stream with fail(error, false), even a connection drop', async () => {
    const seen: boolean[] = [];
    const stream = pipeVendorStream<string>({
      open: async () => {
        throw new TypeError('terminated');
      },
      map: chunk,
      fail: (error, streaming) => {
        seen.push(streaming);
        return fail(error);
      },
    });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'stream_truncated' });
    expect(seen).toEqual([false]);
  });

  it('ends quietly when the connection drops mid-stream, keeping what came before', async () => {
    const out = await collect(
      pipeVendorStream({ open: async () => events(['a', 'b'], new TypeError('terminated')), map: chunk, fail }),
    );
    expect(out).toEqual(['a', 'b']);
  });

  it('throws any other mid-stream failure as the adapter maps it', async () => {
    const stream = pipeVendorStream({
      open: async () => events(['a'], new SyntaxError('bad event')),
      map: chunk,
      fail,
    });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'unknown' });
  });

  it('does not end quietly on a drop once the signal aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = pipeVendorStream({
      open: async () => events(['a'], new TypeError('terminated')),
      map: chunk,
      fail,
      signal: controller.signal,
    });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'stream_truncated' });
  });

  it('fails a stream the SDK ended quietly after an abort, with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    const stream = pipeVendorStream({
      open: async () => events(['a', 'b']),
      map: (event) => {
        if (event === 'b') controller.abort(reason);
        return chunk(event);
      },
      fail: (error) => new LLMError('aborted', { code: 'aborted', provider: 'test', cause: error }),
      signal: controller.signal,
    });
    const error = await collect(stream).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'aborted' });
    expect((error as LLMError).cause).toStrictEqual(reason); // a sanitized copy
  });

  it('closes the vendor stream when the consumer leaves early', async () => {
    let closed = false;
    async function* vendor(): AsyncGenerator<string> {
      try {
        yield 'a';
        yield 'b';
      } finally {
        closed = true;
      }
    }
    for await (const _ of pipeVendorStream({ open: async () => vendor(), map: chunk, fail })) break;
    expect(closed).toBe(true);
  });
});
