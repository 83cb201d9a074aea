// The first program: stream one answer with callbacks, then read the assembled message.
// It runs against the local replay server (recorded vendor streams, no key needed); to go
// live, drop the server lines and set OPENAI_API_KEY. Run: node examples/basic-stream.mjs

import { pathToFileURL } from 'node:url';
import { startReplayServer } from '@switchyard/conformance/replay';
import { streamChatCompletion } from '@switchyard/core';

export async function main(write = (text) => process.stdout.write(text)) {
  // Any real model name is answered by the vendor's recorded "demo" stream.
  const server = await startReplayServer({ fallbackScenario: 'demo' });
  process.env.OPENAI_BASE_URL = server.baseURL('openai');
  process.env.OPENAI_API_KEY ??= 'replay-placeholder-key';
  try {
    const message = await streamChatCompletion(
      { messages: [{ role: 'user', content: "What's the weather in Paris and in Tokyo right now?" }] },
      {
        onToken: (token) => write(token),
        onToolCall: (call) => write(`\n→ ${call.name}(${JSON.stringify(call.input)})`),
      },
      'openai:gpt-5.4-mini',
    );
    write(`\nfinish: ${message.finishReason}, ${message.usage?.inputTokens} in / ${message.usage?.outputTokens} out\n`);
    return message;
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
