// Structured output on three vendors: a zod schema in, a validated object out, partial
// objects while it streams. OpenAI gets response_format json_schema, Gemini responseMimeType
// application/json with the schema; Anthropic's plain JSON mode is a forced tool call that
// switchyard reads back as text. Every stream is a recording played by the local replay
// server through the real vendor SDK. Run: node examples/structured-output.mjs

import { pathToFileURL } from 'node:url';
import { anthropic } from '@switchyard/anthropic';
import { startReplayServer } from '@switchyard/conformance';
import { createRegistry, streamChatCompletion } from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';
import { z } from 'zod';

const Person = z.object({ name: z.string(), born: z.number().int(), fields: z.array(z.string()) });

/** Asks each vendor for a person; returns each validated object. */
export async function main(log = console.log) {
  const server = await startReplayServer();
  const key = 'placeholder-key-for-the-local-replay-server';
  const registry = createRegistry([
    openai({ baseURL: server.baseURL('openai'), apiKey: key }),
    anthropic({ baseURL: server.baseURL('anthropic'), apiKey: key }),
    google({ baseURL: server.baseURL('google'), apiKey: key }),
  ]);
  const runs = [
    ['openai:structured-output', { type: 'json_schema', name: 'person', schema: Person }],
    ['google:structured-output', { type: 'json_schema', name: 'person', schema: Person }],
    ['anthropic:structured-output-json-tool', { type: 'json' }],
  ];
  const objects = [];
  try {
    for (const [spec, responseFormat] of runs) {
      let partials = 0;
      const message = await streamChatCompletion(
        { messages: [{ role: 'user', content: 'Who wrote the first program? Answer as JSON.' }], responseFormat },
        { onPartialObject: () => partials++ },
        spec,
        { registry, maxRetries: 0 },
      );
      log(
        `${spec}: ${JSON.stringify(message.object)} (${partials} partial objects, text ${message.content.length} chars)`,
      );
      objects.push(message.object);
    }
  } finally {
    await server.close();
  }
  return objects;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
