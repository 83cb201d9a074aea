// Fallbacks: when the primary model fails before any output (here: Anthropic answers 529
// "overloaded" every time), core retries it, then moves to the next spec, with the same
// conversation. The answer says who answered; the error of a total failure lists every attempt.
// Run: node examples/fallbacks.mjs

import { pathToFileURL } from 'node:url';
import { startReplayServer } from '@switchyard/conformance/replay';
import { complete } from '@switchyard/core';

export async function main(log = console.log) {
  const server = await startReplayServer({ fallbackScenario: 'demo' });
  const key = 'replay-placeholder-key';
  Object.assign(process.env, {
    ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
    GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
    ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY ?? key,
    GEMINI_API_KEY: process.env.GEMINI_API_KEY ?? key,
  });
  try {
    // "~status-529" makes the replay server answer like an overloaded Anthropic.
    const message = await complete(
      { messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }] },
      'anthropic:claude-sonnet-5-5~status-529',
      { fallbacks: ['google:gemini-2.5-flash'], maxRetries: 1, retryDelay: { initialMs: 10, maxMs: 20 } },
    );
    log(`answered by ${message.provider} after ${server.requests.length - 1} failed attempts: ${message.content}`);
    return { message, requests: server.requests.length };
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
