import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { type ChatCompletionRequest, complete, createRegistry, isLLMError, type SseEvent } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStreamState } from '../../src/responses/map-stream.js';
import { mapEvents } from '../../src/responses/responses-language-model.js';
import { failure } from '../helpers.js';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const KEY = 'sk-test-0123456789abcdef';
const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };

function plugin(name?: string) {
  return openai({
    baseURL: server.baseURL('openai-responses'),
    apiKey: KEY,
    api: 'responses',
    ...(name ? { name } : {}),
  });
}

const weatherTool = {
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('openai({ api: "responses" })', () => {
  it('posts to /v1/responses with the key as a bearer token, stateless and streamed', async () => {
    const message = await complete(hi, plugin().languageModel('text-basic'), { maxRetries: 0 });
    expect(message.content).toBe('The capital of France is Paris. It sits on the Seine.');
    const request = server.requests[0]!;
    expect({ path: request.path, auth: request.headers.authorization }).toEqual({
      path: '/v1/responses',
      auth: `Bearer ${KEY}`,
    });
    expect(request.body).toEqual({
      model: 'text-basic',
      stream: true,
      store: false,
      input: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('stays on Chat Completions by default', async () => {
    await complete(hi, openai({ baseURL: server.baseURL('openai'), apiKey: KEY }).languageModel('text-basic'), {
      maxRetries: 0,
    });
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('answers openai-responses:<model> when registered under that name', async () => {
    const registry = createRegistry([plugin('openai-responses')]);
    const model = registry.resolve('openai-responses:text-basic');
    expect({ provider: model.provider, modelId: model.modelId }).toEqual({
      provider: 'openai-responses',
      modelId: 'text-basic',
    });
    const message = await complete(hi, 'openai-responses:_smoke-text', { registry, maxRetries: 0 });
    expect(message.content).toBe('Hello, wörld ✓');
  });

  it('works with an AzureOpenAI client (the v1 API path, api-version and api-key header)', async () => {
    const client = new AzureOpenAI({ baseURL: server.baseURL('openai-responses'), apiKey: KEY, apiVersion: 'preview' });
    const model = openai({ client, api: 'responses' }).languageModel('_smoke-text');
    expect((await complete(hi, model, { maxRetries: 0 })).content).toBe('Hello, wörld ✓');
    const request = server.requests[0]!;
    expect({ path: request.path, version: request.query['api-version'], key: request.headers['api-key'] }).toEqual({
      path: '/v1/responses',
      version: 'preview',
      key: KEY,
    });
  });

  it('keeps the partial output when the response fails', async () => {
    const error = await failure(() => complete(hi, plugin().languageModel('response-failed'), { maxRetries: 0 }));
    expect({ code: error.code, content: error.partial?.content }).toEqual({
      code: 'server',
      content: 'Step one: preheat',
    });
  });
});

describe('a two-turn reasoning + tool round trip', () => {
  it('sends the reasoning item back verbatim, then the function call and its output', async () => {
    const model = plugin('openai-responses');
    const reasoning = { openai: { reasoning: { effort: 'medium', summary: 'auto' } } };
    const first: ChatCompletionRequest = {
      messages: [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: 'What is the weather in Paris?' },
      ],
      tools: [weatherTool],
      providerOptions: reasoning,
    };
    const turn1 = await complete(first, model.languageModel('round-trip-turn-1'), { maxRetries: 0 });
    expect(turn1.toolCalls.map((call) => [call.id, call.itemId])).toEqual([
      ['call_Rt5Gm2Xk8Qw1Nv6Jd3Hs9Lb', 'fc_68a4079e5d7e819da4c6e8b0d2f4a6c82d6c8e0f2a4b5c79'],
    ]);
    const encrypted = turn1.reasoningParts?.[0]?.signature;
    expect(encrypted).toMatch(/^gAAAAAB/);

    const second: ChatCompletionRequest = {
      ...first,
      messages: [
        ...first.messages,
        turn1,
        { role: 'tool', toolCallId: 'call_Rt5Gm2Xk8Qw1Nv6Jd3Hs9Lb', content: '{"temperature_c":18,"sky":"sunny"}' },
      ],
    };
    const turn2 = await complete(second, model.languageModel('round-trip-turn-2'), { maxRetries: 0 });
    expect(turn2.content).toBe('It is 18 °C and sunny in Paris right now.');

    expect(server.requests[1]!.body).toEqual({
      model: 'round-trip-turn-2',
      stream: true,
      store: false,
      instructions: 'You are a weather assistant.',
      input: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          type: 'reasoning',
          id: 'rs_68a4079c2a3c819db0d2f4a6c8e0a2b42d6c8e0f2a4b5c79',
          summary: [
            {
              type: 'summary_text',
              text: '**Looking up the weather**\n\nI need the current weather in Paris, so I will call get_weather.',
            },
          ],
          encrypted_content: encrypted,
        },
        {
          type: 'function_call',
          id: 'fc_68a4079e5d7e819da4c6e8b0d2f4a6c82d6c8e0f2a4b5c79',
          call_id: 'call_Rt5Gm2Xk8Qw1Nv6Jd3Hs9Lb',
          name: 'get_weather',
          arguments: '{"location":"Paris, France"}',
        },
        {
          type: 'function_call_output',
          call_id: 'call_Rt5Gm2Xk8Qw1Nv6Jd3Hs9Lb',
          output: '{"temperature_c":18,"sky":"sunny"}',
        },
      ],
      tools: [{ type: 'function', strict: false, ...weatherTool }],
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
    });
  });
});

function sse(data: string, event?: string): SseEvent {
  return { data, event, id: undefined, raw: false, unterminated: false };
}

describe('mapEvents', () => {
  it('maps the events of one read and stops at the first terminal event', () => {
    const state = createStreamState('openai');
    const chunks = mapEvents(
      [
        sse('{"type":"response.output_text.delta","sequence_number":3,"delta":"Hi"}', 'response.output_text.delta'),
        sse(
          '{"type":"response.completed","sequence_number":4,"response":{"status":"completed"}}',
          'response.completed',
        ),
        sse('{"type":"error","sequence_number":5,"error":{"code":"server_error","message":"late"}}', 'error'),
      ],
      state,
    );
    expect(chunks?.map((chunk) => chunk.choices[0]!.finishReason)).toEqual([null, 'stop']);
    expect(mapEvents([sse('{"type":"response.output_text.delta","delta":"x"}')], state)).toBeUndefined();
  });

  it('throws a bare {"error": …} object as the mapped error', () => {
    let caught: unknown;
    try {
      mapEvents(
        [sse('{"error":{"message":"Too many requests.","type":"requests","code":"rate_limit_exceeded"}}')],
        createStreamState('openai'),
      );
    } catch (error) {
      caught = error;
    }
    expect(isLLMError(caught) && caught.code).toBe('rate_limit');
  });

  it('does not parse the events it maps to nothing, named by their event line', () => {
    const state = createStreamState('openai');
    // Not JSON: parsing it would throw.
    expect(
      mapEvents([sse('{"type":"response.output_text.done","text":', 'response.output_text.done')], state),
    ).toBeUndefined();
  });

  it('skips an event cut short at the end of the body', () => {
    const cut: SseEvent = {
      data: '{"type":"response.output_text.delta","del',
      event: undefined,
      id: undefined,
      raw: false,
      unterminated: true,
    };
    expect(mapEvents([cut], createStreamState('openai'))).toBeUndefined();
  });
});
