import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type ChatCompletionRequest, type HookCallInfo, LLMError, type OutputMessage } from '@switchyard/core';
import { otelHooks } from '@switchyard/otel';
import { beforeEach, describe, expect, it } from 'vitest';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
beforeEach(() => exporter.reset());

const request: ChatCompletionRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
  ],
  temperature: 0.2,
  maxTokens: 256,
  topP: 0.9,
  stop: ['END'],
};

let nextCallId = 1;
function call(extra: Partial<HookCallInfo> = {}): HookCallInfo {
  return { callId: nextCallId++, provider: 'openai', model: 'gpt-4o', attempt: 1, candidate: 0, request, ...extra };
}

const message: OutputMessage = {
  role: 'assistant',
  content: 'Rainy, 14 °C.',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 20, outputTokens: 7, cachedInputTokens: 4 },
};

function finishInfo(info: HookCallInfo, extra: Partial<OutputMessage> = {}) {
  const out = { ...message, ...extra };
  return {
    ...info,
    message: out,
    finishReason: out.finishReason,
    ...(out.usage === undefined ? {} : { usage: out.usage }),
    responseId: 'chatcmpl-123',
    responseModel: 'gpt-4o-2024-08-06',
    timeToFirstTokenMs: 120,
    totalMs: 480,
  };
}

function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans();
}

describe('otelHooks: one span per call', () => {
  it('records a chat span with the GenAI request and response attributes', () => {
    const hooks = otelHooks({ tracer });
    const info = call();
    hooks.onRequest?.(info);
    hooks.onResponse?.({ ...info, status: 200, responseId: 'chatcmpl-123', timeToFirstChunkMs: 90 });
    hooks.onFinish?.(finishInfo(info));
    expect(spans()).toHaveLength(1);
    const [span] = spans();
    expect(span!.name).toBe('chat gpt-4o');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'switchyard.provider': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['END'],
      'http.response.status_code': 200,
      'switchyard.time_to_first_chunk_ms': 90,
      'gen_ai.response.id': 'chatcmpl-123',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'switchyard.attempts': 1,
      'switchyard.time_to_first_token_ms': 120,
    });
  });

  it("maps registered provider names to the conventions' well-known values", () => {
    const hooks = otelHooks({ tracer });
    for (const [provider, expected] of [
      ['google', 'gcp.gemini'],
      ['mistral', 'mistral_ai'],
      ['xai', 'x_ai'],
      ['groq', 'groq'],
      ['my-proxy', 'my-proxy'],
    ] as const) {
      const info = call({ provider });
      hooks.onRequest?.(info);
      hooks.onFinish?.(finishInfo(info));
      expect(spans().at(-1)!.attributes['gen_ai.provider.name']).toBe(expected);
      expect(spans().at(-1)!.attributes['switchyard.provider']).toBe(provider);
    }
  });

  it('records no message content unless asked', () => {
    const hooks = otelHooks({ tracer });
    const info = call();
    hooks.onRequest?.(info);
    hooks.onFinish?.(finishInfo(info));
    const keys = Object.keys(spans()[0]!.attributes);
    expect(keys).not.toContain('gen_ai.input.messages');
    expect(keys).not.toContain('gen_ai.output.messages');
    expect(JSON.stringify(spans()[0]!.attributes)).not.toContain('Paris');
  });

  it("records input and output messages in the conventions' shape with captureContent", () => {
    const hooks = otelHooks({ tracer, captureContent: true });
    const info = call();
    hooks.onRequest?.(info);
    hooks.onFinish?.(
      finishInfo(info, {
        content: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } }],
        finishReason: 'tool_calls',
      }),
    );
    const attributes = spans()[0]!.attributes;
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('adds an event per retry and keeps one span across attempts', () => {
    const hooks = otelHooks({ tracer });
    const first = call();
    const error = new LLMError('rate limited', { code: 'rate_limit', status: 429, provider: 'openai' });
    hooks.onRequest?.(first);
    hooks.onRetry?.({ ...first, error, code: 'rate_limit', status: 429, delayMs: 250 });
    const second = { ...first, attempt: 2 };
    hooks.onRequest?.(second);
    hooks.onFinish?.(finishInfo(second));
    expect(spans()).toHaveLength(1);
    const span = spans()[0]!;
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'switchyard.retry',
        {
          'switchyard.attempt': 1,
          'error.type': 'rate_limit',
          'switchyard.retry.delay_ms': 250,
          'http.response.status_code': 429,
        },
      ],
    ]);
    expect(span.attributes['switchyard.attempts']).toBe(2);
  });

  it('adds an event per fallback and names the model that answered', () => {
    const hooks = otelHooks({ tracer });
    const first = call();
    const error = new LLMError('overloaded', { code: 'overloaded', status: 529, provider: 'openai' });
    hooks.onRequest?.(first);
    hooks.onFallback?.({ ...first, error, code: 'overloaded', next: { provider: 'anthropic', model: 'claude-x' } });
    const second = { ...first, attempt: 2, candidate: 1, provider: 'anthropic', model: 'claude-x' };
    hooks.onRequest?.(second);
    hooks.onFinish?.(finishInfo(second));
    const span = spans()[0]!;
    expect(span.name).toBe('chat claude-x');
    expect(span.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(span.attributes['gen_ai.request.model']).toBe('claude-x');
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'switchyard.fallback',
        {
          'switchyard.attempt': 1,
          'error.type': 'overloaded',
          'switchyard.provider.next': 'anthropic',
          'gen_ai.request.model.next': 'claude-x',
        },
      ],
    ]);
  });

  it('sets error.type and status ERROR when the call fails', () => {
    const hooks = otelHooks({ tracer });
    const info = call();
    const error = new LLMError('The API key was rejected.', { code: 'auth', status: 401, provider: 'openai' });
    hooks.onRequest?.(info);
    hooks.onError?.({ ...info, error, code: 'auth', status: 401, totalMs: 30 });
    const span = spans()[0]!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'The API key was rejected.' });
    expect(span.attributes['error.type']).toBe('auth');
    expect(span.attributes['http.response.status_code']).toBe(401);
  });

  it('still records a span for a call that failed before any request', () => {
    const hooks = otelHooks({ tracer });
    const info = call();
    const error = new LLMError('bad request', { code: 'invalid_request' });
    hooks.onError?.({ ...info, error, code: 'invalid_request', totalMs: 1 });
    expect(spans().map((span) => [span.name, span.attributes['error.type']])).toEqual([
      ['chat gpt-4o', 'invalid_request'],
    ]);
  });

  it('keeps concurrent calls apart', () => {
    const hooks = otelHooks({ tracer });
    const a = call({ model: 'a' });
    const b = call({ model: 'b' });
    hooks.onRequest?.(a);
    hooks.onRequest?.(b);
    hooks.onFinish?.(finishInfo(b));
    hooks.onFinish?.(finishInfo(a, { usage: { inputTokens: 1, outputTokens: 2 } }));
    expect(spans().map((span) => [span.name, span.attributes['gen_ai.usage.output_tokens']])).toEqual([
      ['chat b', 7],
      ['chat a', 2],
    ]);
  });
});

describe('otelHooks: runTools', () => {
  it('records an invoke_agent span with one chat child per step and summed usage', () => {
    const hooks = otelHooks({ tracer, agentName: 'weather' });
    const step1 = call({ step: 1 });
    hooks.onRequest?.(step1);
    hooks.onFinish?.(finishInfo(step1, { finishReason: 'tool_calls', usage: { inputTokens: 10, outputTokens: 3 } }));
    const step2 = { ...step1, step: 2 };
    hooks.onRequest?.(step2);
    hooks.onFinish?.(finishInfo(step2, { usage: { inputTokens: 30, outputTokens: 5 } }));
    const finished = spans();
    expect(finished.map((span) => span.name)).toEqual(['chat gpt-4o', 'chat gpt-4o', 'invoke_agent weather']);
    const run = finished[2]!;
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(finished[0]!.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(finished[1]!.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(finished.map((span) => span.attributes['switchyard.step'])).toEqual([1, 2, undefined]);
    expect(run.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather',
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 8,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('ends the run span with the error when a step fails', () => {
    const hooks = otelHooks({ tracer });
    const step1 = call({ step: 1 });
    hooks.onRequest?.(step1);
    const error = new LLMError('server', { code: 'server', status: 500, provider: 'openai' });
    hooks.onError?.({ ...step1, error, code: 'server', status: 500, totalMs: 5 });
    expect(spans().map((span) => [span.name, span.status.code, span.attributes['error.type']])).toEqual([
      ['chat gpt-4o', SpanStatusCode.ERROR, 'server'],
      ['invoke_agent', SpanStatusCode.ERROR, 'server'],
    ]);
  });

  it('ends the oldest open run at its last step once more than 1,000 runs stopped after tool calls', () => {
    const hooks = otelHooks({ tracer });
    const first = call({ step: 1 });
    for (let i = 0; i <= 1000; i++) {
      const info = i === 0 ? first : call({ step: 1 });
      hooks.onRequest?.(info);
      hooks.onFinish?.(finishInfo(info, { finishReason: 'tool_calls' }));
    }
    const runs = spans().filter((span) => span.name === 'invoke_agent');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.spanContext().spanId).toBe(
      spans().find((span) => span.name === 'chat gpt-4o')!.parentSpanContext?.spanId,
    );
  });
});
