import type { ChatChunk } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { JSON_TOOL_NAME, jsonToolAsText } from '../src/json-tool.js';

async function collect(chunks: ChatChunk[]): Promise<ChatChunk[]> {
  async function* source(): AsyncGenerator<ChatChunk> {
    yield* chunks;
  }
  const out: ChatChunk[] = [];
  for await (const chunk of jsonToolAsText(source())) out.push(chunk);
  return out;
}

const delta = (d: ChatChunk['choices'][0]['delta']): ChatChunk => ({
  choices: [{ index: 0, delta: d, finishReason: null }],
});

describe('jsonToolAsText', () => {
  it("streams the forced tool's input as text and finishes with stop", async () => {
    const out = await collect([
      delta({ toolCalls: [{ index: 0, id: 'toolu_1', name: JSON_TOOL_NAME }] }),
      delta({ toolCalls: [{ index: 0, arguments: '{"a":' }] }),
      delta({ toolCalls: [{ index: 0, arguments: '1}' }] }),
      delta({ toolCalls: [{ index: 0, done: true }] }),
      { choices: [{ index: 0, delta: {}, finishReason: 'tool_calls', rawFinishReason: 'tool_use' }] },
    ]);
    expect(out.map((c) => c.choices[0]!.delta.content ?? null)).toEqual([null, '{"a":', '1}', null, null]);
    expect(out.every((c) => c.choices[0]!.delta.toolCalls === undefined)).toBe(true);
    expect(out.at(-1)!.choices[0]).toMatchObject({ finishReason: 'stop', rawFinishReason: 'tool_use' });
  });

  it('passes other chunks through untouched', async () => {
    const chunk = delta({ content: 'hi' });
    expect((await collect([chunk]))[0]).toBe(chunk);
  });
});
