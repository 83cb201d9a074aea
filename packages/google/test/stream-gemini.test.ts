import { eventBoundaries, loadRecording } from '@switchyard/conformance';
import { chatStream, complete, isLLMError, type LLMError } from '@switchyard/core';
import { google } from '@switchyard/google';
import { googleLegacy } from '@switchyard/google/legacy';
import { describe, expect, it } from 'vitest';
import { useReplayServer } from './replay.js';

const replay = useReplayServer();
const hello = { messages: [{ role: 'user' as const, content: 'Hello' }] };
// The end of the first event of text-basic ("Rails").
const FIRST_EVENT_END = eventBoundaries(loadRecording('google', 'text-basic').body)[0]!;

// The request lifecycle (timeout, abort, early exit) is shared by both entries.
describe.each([
  ['google', (baseURL: string, timeout?: number) => google({ baseURL, apiKey: 'test-key', timeout })],
  ['googleLegacy', (baseURL: string, timeout?: number) => googleLegacy({ baseURL, apiKey: 'test-key', timeout })],
])('%s request lifecycle', (_name, plugin) => {
  async function failure(run: Promise<unknown>): Promise<LLMError> {
    try {
      await run;
    } catch (error) {
      if (isLLMError(error)) return error;
      throw error;
    }
    throw new Error('expected the stream to fail');
  }

  it('times out a stalled stream and closes the connection', async () => {
    const model = plugin(replay.baseURL, 300).languageModel(`text-basic~stall-${FIRST_EVENT_END}`);
    const error = await failure(complete(hello, model, { maxRetries: 0 }));
    expect(error.code).toBe('timeout');
    expect(error.partial?.content).toBe('Rails');
    await replay.server.requests[0]!.done;
    expect(replay.server.requests[0]!.closedEarly).toBe(true);
  });

  it('times out a stream that sends no event', async () => {
    const model = plugin(replay.baseURL, 300).languageModel('text-basic~stall-0');
    const error = await failure(complete(hello, model, { maxRetries: 0 }));
    expect(error.code).toBe('timeout');
  });

  it('reports an abort as aborted, not as a timeout', async () => {
    const controller = new AbortController();
    const model = plugin(replay.baseURL, 60_000).languageModel('text-basic~stall-200');
    const run = complete(hello, model, { maxRetries: 0, signal: controller.signal });
    while (replay.server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await failure(run)).code).toBe('aborted');
  });

  it('closes the HTTP stream when the consumer leaves early', async () => {
    const model = plugin(replay.baseURL).languageModel('large');
    for await (const event of chatStream(hello, model, { maxRetries: 0 })) {
      if (event.type === 'token') break;
    }
    await replay.server.requests[0]!.done;
    expect(replay.server.requests[0]!.closedEarly).toBe(true);
  });

  it('reports a refused connection as a network error', async () => {
    const model = plugin('http://127.0.0.1:1').languageModel('text-basic');
    const error = await failure(complete(hello, model, { maxRetries: 0 }));
    expect(error.code).toBe('network');
  });
});
