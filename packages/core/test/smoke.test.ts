import { chatStream, streamChatCompletion } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { expect, it } from 'vitest';

it('streams text through handler and events', async () => {
  const model = createScriptedModel({ chunks: textChunks('Hello, world!') });
  const tokens: string[] = [];
  const message = await streamChatCompletion({ messages: [] }, { onToken: (t) => tokens.push(t) }, model);
  expect(message.content).toBe('Hello, world!');
  expect(tokens.join('')).toBe('Hello, world!');
  const events = [];
  for await (const e of chatStream({ messages: [] }, model)) events.push(e.type);
  expect(events[0]).toBe('start');
  expect(events.at(-1)).toBe('complete');
});
