import { SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type ChatChunk, runTools } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { otelHooks } from '@switchyard/otel';
import { beforeEach, describe, expect, it } from 'vitest';

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
