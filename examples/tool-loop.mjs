// The tool loop: runTools streams a step, runs the tools the model called (in parallel,
// results in call order), sends the results back and streams the next step, until the model
// answers. Every vendor replays a recorded two-step conversation from the local replay
// server, through the real vendor SDK; the server checks each request the adapter sends back
// (signatures, calls, results). Run: node examples/tool-loop.mjs

import { pathToFileURL } from 'node:url';
import { anthropic } from '@switchyard/anthropic';
import { startReplayServer } from '@switchyard/conformance';
import { createRegistry, runTools, tool } from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';
import { z } from 'zod';

const CELSIUS = { Paris: 18, Oslo: 4 };

// A zod schema: the vendor gets its JSON Schema, execute gets the validated input.
const getWeather = tool({
  name: 'get_weather',
  description: 'The current temperature in a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: CELSIUS[city] }),
});

/** Runs the loop on each vendor; returns one line per vendor. */
export async function main(log = console.log) {
  const server = await startReplayServer();
  const key = 'placeholder-key-for-the-local-replay-server';
  const registry = createRegistry([
    openai({ baseURL: server.baseURL('openai'), apiKey: key }),
    anthropic({ baseURL: server.baseURL('anthropic'), apiKey: key }),
    google({ baseURL: server.baseURL('google'), apiKey: key }),
  ]);
  const lines = [];
  try {
    for (const provider of ['openai', 'anthropic', 'google']) {
      // The model id names the recorded conversation.
      const result = await runTools(
        { messages: [{ role: 'user', content: 'What is the weather in Paris and in Oslo?' }], tools: [getWeather] },
        { onToolResult: (r) => log(`  ${provider} ran ${r.name}(${JSON.stringify(r.input)}) → ${r.content}`) },
        `${provider}:tool-loop-parallel`,
        { registry, maxRetries: 0 },
      );
      const line = `${provider}: ${result.steps.length} steps, ${result.usage.inputTokens} in / ${result.usage.outputTokens} out: ${result.message.content}`;
      log(line);
      lines.push(line);
    }
  } finally {
    await server.close();
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
