import { SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  CONFORMANCE_TOOLS,
  defaultRecordingsDir,
  type ReplayServer,
  readMultiStep,
  startReplayServer,
  type ToolLoopExpected,
} from '@switchyard/conformance';
import { type ChatChunk, type LLM, runTools } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { otelHooks } from '@switchyard/otel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replayPlugins, VENDORS } from './helpers.js';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
beforeEach(() => exporter.reset());

const toolStep: ChatChunk[] = [
  {
    choices: [
      {
        index: 0,
        delta: { toolCalls: [{ index: 0, id: 'call_1', name: 'add', arguments: '{"a":1,"b":2}' }] },
        finishReason: null,
      },
    ],
  },
  { choices: [{ index: 0, delta: {}, finishReason: 'tool_calls' }], usage: { inputTokens: 10, outputTokens: 4 } },
];
const answerStep: ChatChunk[] = [...textChunks('3'), { choices: [], usage: { inputTokens: 20, outputTokens: 1 } }];

describe('otelHooks with runTools (core hooks firing per step)', () => {
  it('records an invoke_agent span with one chat child per step', async () => {
    const model = createScriptedModel({
      provider: 'openai',
      modelId: 'gpt-x',
      attempts: [{ chunks: toolStep }, { chunks: answerStep }],
    });
    const result = await runTools(
      {
        messages: [{ role: 'user', content: '1+2?' }],
        tools: [
          { name: 'add', parameters: { type: 'object' }, execute: ({ a, b }: { a: number; b: number }) => a + b },
        ],
      },
      {},
      model,
      { hooks: otelHooks({ tracer }) },
    );
    expect(result.message.content).toBe('3');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-x', 'chat gpt-x', 'invoke_agent']);
    const run = spans[2]!;
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(spans.slice(0, 2).map((span) => span.parentSpanContext?.spanId)).toEqual([
      run.spanContext().spanId,
      run.spanContext().spanId,
    ]);
    expect(spans.map((span) => span.attributes['switchyard.step'])).toEqual([1, 2, undefined]);
    expect(run.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 5 });
  });
});

describe.each(VENDORS)('runTools spans through the %s adapter', (vendor) => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const model = (id: string): LLM => replayPlugins(server)[vendor].languageModel(id);

  it('records the recorded two-step tool loop as one invoke_agent span with two chat children', async () => {
    const scenario = await readMultiStep(defaultRecordingsDir(), vendor, 'tool-loop-parallel');
    if (scenario === undefined) throw new Error(`no tool-loop-parallel recording for ${vendor}`);
    const expected = scenario.expected as ToolLoopExpected;
    const result = await runTools(
      { messages: [{ role: 'user', content: scenario.prompt }], tools: CONFORMANCE_TOOLS, maxTokens: 256 },
      {},
      model('tool-loop-parallel'),
      { maxRetries: 0, hooks: otelHooks({ tracer, agentName: 'weather' }) },
    );
    expect(result.steps).toHaveLength(2);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual([
      'chat tool-loop-parallel',
      'chat tool-loop-parallel',
      'invoke_agent weather',
    ]);
    const run = spans[2]!;
    expect(spans.slice(0, 2).every((span) => span.parentSpanContext?.spanId === run.spanContext().spanId)).toBe(true);
    expect(spans.map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_calls'],
      ['stop'],
      ['stop'],
    ]);
    expect(run.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': expected.usage!.inputTokens,
      'gen_ai.usage.output_tokens': expected.usage!.outputTokens,
    });
  });
});
