import {
  type FinishReason,
  type LLM,
  type RunToolsResult,
  runTools,
  type StandardSchemaV1,
  type Tool,
  type Usage,
} from '@switchyard/core';
import { expect, it } from 'vitest';
import { describeError } from './check-result.js';
import { listMultiStep, type MultiStepScenario } from './multi-step.js';
import type { Vendor } from './types.js';

/** What a tool-loop scenario's `expected` holds. */
export interface ToolLoopExpected {
  steps: Array<{
    finishReason: FinishReason;
    /** The step's text, asserted when given. */
    content?: string;
    toolResults: Array<{ name: string; content: string; isError?: boolean }>;
  }>;
  /** Usage summed across steps. */
  usage?: Usage;
}

/** The cities the conformance tool knows, and what it answers for them. */
const CELSIUS: Readonly<Record<string, number>> = { Paris: 18, Oslo: 4, Tokyo: 22 };

// A hand-written Standard Schema (with Standard JSON Schema) so the suite needs no validator library.
const cityInput: StandardSchemaV1<unknown, { city: string }> = {
  '~standard': {
    version: 1,
    vendor: 'switchyard-conformance',
    validate(value) {
      const city = typeof value === 'object' && value !== null ? (value as { city?: unknown }).city : undefined;
      if (typeof city === 'string') return { value: { city } };
      return { issues: [{ message: 'expected a string', path: ['city'] }] };
    },
    jsonSchema: {
      input: () => ({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
      output: () => ({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    },
  },
};

/** The tool every tool-loop recording calls. */
export const CONFORMANCE_TOOLS: Tool<{ city: string }>[] = [
  {
    name: 'get_weather',
    description: 'The current temperature in a city.',
    parameters: cityInput,
    execute: ({ city }) => ({ city, celsius: CELSIUS[city] ?? 0 }),
  },
];

export interface ToolLoopContext {
  vendor: Vendor;
  recordingsDir: string;
  model(id: string): LLM;
  name(scenario: string, mode: string): string;
  skip: ReadonlySet<string>;
  /** Write modes each conversation runs in. */
  writeModes: readonly string[];
}

/**
 * Registers one test per tool-loop conversation (`<vendor>/<scenario>/scenario.json`) and
 * write mode: `runTools` drives the adapter through every step, the replay server asserts
 * each request the adapter sends back (signatures, calls, results in order, error flags),
 * and the steps, tool results, final text and summed usage must match the recording.
 */
export function registerToolLoops(context: ToolLoopContext): void {
  for (const { name, scenario } of listMultiStep(context.vendor, context.recordingsDir)) {
    for (const mode of context.writeModes) {
      const register = context.skip.has(name) ? it.skip : it;
      register(context.name(name, mode), async () => {
        const id = mode === 'events' ? name : `${name}~${mode}`;
        let result: RunToolsResult;
        try {
          result = await runTools(
            { messages: [{ role: 'user', content: scenario.prompt }], tools: CONFORMANCE_TOOLS, maxTokens: 256 },
            {},
            context.model(id),
            { maxRetries: 0 },
          );
        } catch (error) {
          return expect.fail(`the tool loop failed: ${describeError(error)}`);
        }
        expect(checkToolLoop(scenario, result)).toEqual([]);
      });
    }
  }
}

/** Every difference between a finished loop and the scenario's expectation, one line each. */
export function checkToolLoop(scenario: MultiStepScenario, result: RunToolsResult): string[] {
  const expected = scenario.expected as ToolLoopExpected;
  const problems: string[] = [];
  if (result.steps.length !== expected.steps.length) {
    problems.push(`steps: expected ${expected.steps.length}, got ${result.steps.length}`);
  }
  expected.steps.forEach((want, i) => {
    const got = result.steps[i];
    if (got === undefined) return;
    const at = `steps[${i}]`;
    if (got.finishReason !== want.finishReason) {
      problems.push(`${at}.finishReason: expected "${want.finishReason}", got "${got.finishReason}"`);
    }
    if (want.content !== undefined && got.message.content !== want.content) {
      problems.push(
        `${at}.content: expected ${JSON.stringify(want.content)}, got ${JSON.stringify(got.message.content)}`,
      );
    }
    const results = got.toolResults.map((r) => ({
      name: r.name,
      content: r.content,
      ...(r.isError === true ? { isError: true } : {}),
    }));
    if (JSON.stringify(results) !== JSON.stringify(want.toolResults)) {
      problems.push(`${at}.toolResults: expected ${JSON.stringify(want.toolResults)}, got ${JSON.stringify(results)}`);
    }
    const callIds = got.toolCalls.map((call) => call.id);
    const resultIds = got.toolResults.map((r) => r.toolCallId);
    if (JSON.stringify(callIds) !== JSON.stringify(resultIds)) {
      problems.push(`${at}: results ${JSON.stringify(resultIds)} are not in call order ${JSON.stringify(callIds)}`);
    }
  });
  if (
    expected.usage !== undefined &&
    JSON.stringify(result.usage) !== JSON.stringify(sorted(expected.usage, result.usage))
  ) {
    problems.push(`usage: expected ${JSON.stringify(expected.usage)}, got ${JSON.stringify(result.usage)}`);
  }
  return problems;
}

// The expected usage in the key order of the actual one, so that only values are compared.
function sorted(want: Usage, got: Usage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(got)) out[key] = (want as unknown as Record<string, unknown>)[key];
  for (const key of Object.keys(want)) if (!(key in out)) out[key] = (want as unknown as Record<string, unknown>)[key];
  return out;
}
