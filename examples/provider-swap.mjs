// Swap vendors by configuration: the code names no vendor, the SWITCHYARD_MODEL variable
// does (default anthropic:claude-sonnet-5-5). Against the replay server each vendor answers
// with its own recorded stream. Run: SWITCHYARD_MODEL=google:gemini-2.5-flash node examples/provider-swap.mjs

import { pathToFileURL } from 'node:url';
import { startReplayServer } from '@switchyard/conformance/replay';
import { complete } from '@switchyard/core';

export async function main(model = process.env.SWITCHYARD_MODEL ?? 'anthropic:claude-sonnet-5-5', log = console.log) {
  const server = await startReplayServer({ fallbackScenario: 'demo' });
  const key = 'replay-placeholder-key';
  Object.assign(process.env, {
    OPENAI_BASE_URL: server.baseURL('openai'),
    ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
    GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
    OPENAI_API_KEY: process.env.OPENAI_API_KEY ?? key,
    ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY ?? key,
    GEMINI_API_KEY: process.env.GEMINI_API_KEY ?? key,
  });
  try {
    const message = await complete({ messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }] }, model);
    log(`${message.provider} (${message.model}): ${message.content} [${message.toolCalls.length} tool calls]`);
    return message;
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
