import type { OutputMessage, RunToolsResult } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { listMultiStep } from '../src/multi-step.js';
import { defaultRecordingsDir } from '../src/recordings-dir.js';
import { CONFORMANCE_TOOLS, checkToolLoop } from '../src/run-tool-loop.js';

const { scenario } = listMultiStep('openai', defaultRecordingsDir()).find(
  (entry) => entry.name === 'tool-loop-parallel',
)!;

function message(content: string, finishReason: OutputMessage['finishReason'], ids: string[] = []): OutputMessage {
  return {
    role: 'assistant',
    content,
    finishReason,
    toolCalls: ids.map((id) => ({ id, name: 'get_weather', arguments: '{}', input: {} })),
  };
}

function result(order: string[], answer: string): RunToolsResult {
  const first = message('', 'tool_calls', ['a', 'b']);
  const contents: Record<string, string> = { a: '{"city":"Paris","celsius":18}', b: '{"city":"Oslo","celsius":4}' };
  return {
    message: message(answer, 'stop'),
    messages: [],
    pendingToolCalls: [],
    usage: { inputTokens: 190, outputTokens: 54, totalTokens: 244, cachedInputTokens: 0, reasoningTokens: 0 },
    steps: [
      {
        step: 1,
        message: first,
        finishReason: 'tool_calls',
        toolCalls: first.toolCalls,
        toolResults: order.map((id) => ({ toolCallId: id, name: 'get_weather', input: {}, content: contents[id]! })),
      },
      { step: 2, message: message(answer, 'stop'), finishReason: 'stop', toolCalls: [], toolResults: [] },
    ],
  };
}

describe('checkToolLoop', () => {
  it('accepts a loop that matches the recording', () => {
    expect(checkToolLoop(scenario, result(['a', 'b'], 'Paris has 18 °C, Oslo 4 °C.'))).toEqual([]);
  });

  it('reports results out of call order and a different answer', () => {
    const problems = checkToolLoop(scenario, result(['b', 'a'], 'Hello'));
    expect(problems.some((line) => line.includes('not in call order'))).toBe(true);
    expect(problems.some((line) => line.startsWith('steps[1].content'))).toBe(true);
  });

  it('validates the conformance tool input with its Standard Schema', async () => {
    const schema = CONFORMANCE_TOOLS[0]!.parameters as { '~standard': { validate(v: unknown): unknown } };
    expect(await schema['~standard'].validate({ town: 'Paris' })).toEqual({
      issues: [{ message: 'expected a string', path: ['city'] }],
    });
  });
});
