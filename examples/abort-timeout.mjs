// Abort and timeouts: a stream that stalls is ended by `idleTimeoutMs` (no data for that
// long) with a `timeout` error that keeps the partial answer; a caller's AbortSignal ends it
// with `aborted` (a signal from `AbortSignal.timeout()` reports `timeout`). Either way the
// vendor's HTTP stream is closed. Run: node examples/abort-timeout.mjs

import { pathToFileURL } from 'node:url';
import { startReplayServer } from '@switchyard/conformance/replay';
import { streamChatCompletion } from '@switchyard/core';

export async function main(log = console.log) {
  const server = await startReplayServer({ fallbackScenario: 'demo' });
  process.env.OPENAI_BASE_URL = server.baseURL('openai');
  process.env.OPENAI_API_KEY ??= 'replay-placeholder-key';
  const request = { messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }] };
  // "~stall-1804": the server sends the first words, then holds the connection open.
  const spec = 'openai:gpt-5.4-mini~stall-1804';
  const outcomes = [];
  try {
    try {
      await streamChatCompletion(request, {}, spec, { idleTimeoutMs: 1500, maxRetries: 0 });
    } catch (error) {
      outcomes.push(`idle timeout: ${error.code}, partial ${JSON.stringify(error.partial?.content)}`);
    }
    const controller = new AbortController();
    try {
      // The first token is enough here: stop the stream.
      await streamChatCompletion(request, { onToken: () => controller.abort() }, spec, { signal: controller.signal });
    } catch (error) {
      outcomes.push(`abort: ${error.code}, partial ${JSON.stringify(error.partial?.content)}`);
    }
    for (const line of outcomes) log(line);
    return outcomes;
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
