// End to end: the real vendor SDKs against the replay server, with core's hooks feeding the
// spans and middleware wrapping models resolved from spec strings.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { loadRecording, type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { complete, isLLMError, type LLMError, type ProviderPlugin, streamChatCompletion } from '@switchyard/core';
import { otelHooks } from '@switchyard/otel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fast, hi, replayPlugins, VENDORS, type Vendor } from './helpers.js';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  exporter.reset();
});

const plugins = (): Record<Vendor, ProviderPlugin> => replayPlugins(server);

function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans();
}

async function failure(run: Promise<unknown>): Promise<LLMError> {
  try {
    await run;
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const PROVIDER_NAMES: Record<Vendor, string> = { openai: 'openai', anthropic: 'anthropic', google: 'gcp.gemini' };

describe.each(VENDORS)('spans through the %s adapter', (vendor) => {
  it('records one chat span with the GenAI attributes of the call', async () => {
    const model = plugins()[vendor].languageModel('text-basic');
    const message = await complete(hi, model, { hooks: otelHooks({ tracer }) });
    const expected = loadRecording(vendor, 'text-basic').expected;
    expect(spans()).toHaveLength(1);
    const span = spans()[0]!;
    expect({ name: span.name, kind: span.kind, status: span.status.code }).toEqual({
      name: 'chat text-basic',
      kind: SpanKind.CLIENT,
      status: SpanStatusCode.UNSET,
    });
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': PROVIDER_NAMES[vendor],
      'gen_ai.request.model': 'text-basic',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.finish_reasons': [expected.finishReason],
      'gen_ai.usage.input_tokens': expected.usage!.inputTokens,
      'gen_ai.usage.output_tokens': expected.usage!.outputTokens,
      'switchyard.attempts': 1,
    });
    expect(span.attributes['gen_ai.response.id']).toBe(message.id);
    expect(span.attributes['gen_ai.response.model']).toBe(message.model);
    expect(span.attributes['switchyard.time_to_first_token_ms']).toBeTypeOf('number');
  });

  it('adds a retry event and keeps one span when the first attempt gets a 503', async () => {
    const model = plugins()[vendor].languageModel('text-basic~status-503~failfirst-1~retry-0.001');
    await complete(hi, model, { hooks: otelHooks({ tracer }), retryDelay: fast });
    expect(spans()).toHaveLength(1);
    const span = spans()[0]!;
    expect(span.events.map((event) => [event.name, event.attributes?.['error.type']])).toEqual([
      ['switchyard.retry', 'overloaded'],
    ]);
    expect(span.attributes['switchyard.attempts']).toBe(2);
  });

  it('sets error.type and status ERROR when the key is rejected', async () => {
    const model = plugins()[vendor].languageModel('text-basic~status-401');
    const error = await failure(complete(hi, model, { hooks: otelHooks({ tracer }) }));
    const span = spans()[0]!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe(error.code);
    expect(span.attributes['http.response.status_code']).toBe(401);
  });

  it('records a stream cut before its end as stream_truncated', async () => {
    const model = plugins()[vendor].languageModel('truncated');
    await failure(complete(hi, model, { hooks: otelHooks({ tracer }), maxRetries: 0 }));
    expect(spans().map((span) => [span.status.code, span.attributes['error.type']])).toEqual([
      [SpanStatusCode.ERROR, 'stream_truncated'],
    ]);
  });
});

describe('spans for fallbacks and aborts', () => {
  it('adds a fallback event and names the model that answered', async () => {
    const { openai: primary, anthropic: backup } = plugins();
    await complete(hi, primary.languageModel('text-basic~status-500'), {
      hooks: otelHooks({ tracer }),
      maxRetries: 0,
      fallbacks: [backup.languageModel('text-basic')],
    });
    expect(spans()).toHaveLength(1);
    const span = spans()[0]!;
    expect(span.events.map((event) => event.name)).toEqual(['switchyard.fallback']);
    expect(span.attributes['gen_ai.provider.name']).toBe('anthropic');
  });

  it('records an abort mid-stream as error.type aborted', async () => {
    const controller = new AbortController();
    const model = plugins().openai.languageModel('text-basic');
    const run = streamChatCompletion(hi, { onToken: () => controller.abort() }, model, {
      hooks: otelHooks({ tracer }),
      signal: controller.signal,
    });
    await failure(run);
    expect(spans().map((span) => span.attributes['error.type'])).toEqual(['aborted']);
  });
});
