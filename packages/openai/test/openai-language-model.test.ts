import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { type ChatChunk, type ChatCompletionRequest, complete, isLLMError, type LLMError } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };

function model(id = 'text-basic', options: Parameters<typeof openai>[0] = {}) {
  return openai({ baseURL: server.baseURL('openai'), apiKey: 'sk-test-0123456789abcdef', ...options }).languageModel(
    id,
  );
}

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function failure(run: () => Promise<unknown>): Promise<LLMError> {
  try {
    await run();
  } catch (error) {
    if (isLLMError(error)) return error;
    throw new Error(`expected an LLMError, got ${String(error)}`);
  }
  throw new Error('expected the stream to fail');
}

/** The JSON body the SDK actually sent for the only request so far. */
async function sentBody(request: ChatCompletionRequest, options: Parameters<typeof openai>[0] = {}) {
  await collect(model('text-basic', options).createChatCompletionStream(request));
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!.body as Record<string, unknown>;
}

describe('the request the SDK sends', () => {
  it('posts to /v1/chat/completions with the key as a bearer token', async () => {
    await collect(model().createChatCompletionStream(hi));
    const request = server.requests[0]!;
    expect({ method: request.method, path: request.path }).toEqual({ method: 'POST', path: '/v1/chat/completions' });
    expect(request.headers.authorization).toBe('Bearer sk-test-0123456789abcdef');
  });

  it('streams with usage included, and the model id', async () => {
    expect(await sentBody(hi)).toEqual({
      model: 'text-basic',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends every role: system, user parts with images, assistant tool calls and tool results', async () => {
    const body = await sentBody({
      messages: [
        { role: 'system', content: 'You are terse.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', url: 'https://example.com/cat.jpg' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          reasoning: 'not sent',
          toolCalls: [
            { id: 'call_A', name: 'get_weather', arguments: '{"city": "Paris"}', input: { city: 'Paris' } },
            { id: 'call_B', name: 'get_time', arguments: '', input: {} },
          ],
        },
        { role: 'tool', toolCallId: 'call_A', content: '{"temp":21}' },
        { role: 'tool', toolCallId: 'call_B', content: '12:00' },
        { role: 'assistant', content: 'It is 21°C at noon.' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
          { id: 'call_B', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_A', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_B', content: '12:00' },
      { role: 'assistant', content: 'It is 21°C at noon.' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('sends tools, a named toolChoice and parallel_tool_calls', async () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const body = await sentBody({
      ...hi,
      tools: [{ name: 'get_weather', description: 'Weather now', parameters }],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
    });
    expect(body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
  });

  it.each(['auto', 'none', 'required'] as const)('sends toolChoice %j as is', async (choice) => {
    const body = await sentBody({ ...hi, tools: [{ name: 'f', parameters: { type: 'object' } }], toolChoice: choice });
    expect(body.tool_choice).toBe(choice);
  });

  it('sends json as JSON mode and json_schema as structured outputs', async () => {
    expect((await sentBody({ ...hi, responseFormat: { type: 'json' } })).response_format).toEqual({
      type: 'json_object',
    });
    server.reset();
    const schema = {
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a'],
      additionalProperties: false,
    };
    const body = await sentBody({ ...hi, responseFormat: { type: 'json_schema', schema, strict: true } });
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
  });

  it('sends maxTokens as max_completion_tokens and the sampling options by their OpenAI names', async () => {
    const body = await sentBody({ ...hi, maxTokens: 300, temperature: 0.3, topP: 0.8, stop: ['END'], seed: 42 });
    expect(body).toMatchObject({ max_completion_tokens: 300, temperature: 0.3, top_p: 0.8, stop: ['END'], seed: 42 });
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('merges providerOptions.openai last', async () => {
    const body = await sentBody({
      ...hi,
      temperature: 1,
      providerOptions: { openai: { temperature: 0.5, reasoning_effort: 'low', metadata: { run: '7' } } },
    });
    expect(body).toMatchObject({ temperature: 0.5, reasoning_effort: 'low', metadata: { run: '7' }, stream: true });
  });

  it('sends custom headers, organization and project', async () => {
    await collect(
      model('text-basic', {
        headers: { 'X-Trace': 't-1' },
        organization: 'org-abc',
        project: 'proj_xyz',
      }).createChatCompletionStream(hi),
    );
    const headers = server.requests[0]!.headers;
    expect({
      trace: headers['x-trace'],
      org: headers['openai-organization'],
      project: headers['openai-project'],
    }).toEqual({
      trace: 't-1',
      org: 'org-abc',
      project: 'proj_xyz',
    });
  });
});

describe('the chunks it yields', () => {
  it('maps every content delta, the finish and the trailing usage chunk', async () => {
    const chunks = await collect(model('text-basic').createChatCompletionStream(hi));
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe('The capital of France is Paris.');
    const finish = chunks.find((c) => c.choices[0]?.finishReason !== null && c.choices.length > 0);
    expect(finish?.choices[0]).toMatchObject({ finishReason: 'stop', rawFinishReason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { inputTokens: 1203, outputTokens: 8, totalTokens: 1211, cachedInputTokens: 1024, reasoningTokens: 0 },
    });
    expect(chunks[0]).toMatchObject({ id: 'chatcmpl-BtR4k9Lw2ZqYxN7vHc3JmPd8sFaE1', model: 'gpt-4o-2024-08-06' });
  });

  it('passes tool-call fragments through by index for core to merge', async () => {
    const chunks = await collect(model('parallel-tool-calls-interleaved').createChatCompletionStream(hi));
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta.toolCalls ?? []);
    expect(fragments.slice(0, 4)).toEqual([
      { index: 0, id: 'call_Xr2kM9vQ4nT7wL1sP8yZb5Dc', name: 'get_weather' },
      { index: 1, id: 'call_Hm6tR3qW0xK9nV2pL7sYd4Fg', name: 'get_weather' },
      { index: 0, arguments: '{"ci' },
      { index: 1, arguments: '{"c' },
    ]);
  });

  it('ends without a finish when the body is cut short (core reports the truncation)', async () => {
    const chunks = await collect(model('truncated').createChatCompletionStream(hi));
    expect(chunks.every((c) => c.choices.every((choice) => choice.finishReason === null))).toBe(true);
  });

  it('ends quietly when the connection drops after the finish chunk, so core completes the message without usage', async () => {
    // OpenAI sends usage in a chunk after the finish; losing only that chunk loses no output.
    const body = readFileSync(new URL('../../conformance/recordings/openai/text-basic.sse', import.meta.url));
    const finish = body.indexOf('"finish_reason":"stop"');
    const cut = body.indexOf('\n\n', finish) + 2;
    const message = await complete(hi, model(`text-basic~cut-${cut}`), { maxRetries: 0 });
    expect(message).toMatchObject({ content: 'The capital of France is Paris.', finishReason: 'stop' });
    expect(message.usage).toBeUndefined();
  });

  it('ends quietly when the connection drops mid-text, so core reports stream_truncated with the partial text', async () => {
    const body = readFileSync(new URL('../../conformance/recordings/openai/text-basic.sse', import.meta.url));
    const cut = body.indexOf('\n\n', body.indexOf('" capital"')) + 2;
    const chunks = await collect(model(`text-basic~cut-${cut}`).createChatCompletionStream(hi));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('The capital');
    const error = await failure(() => complete(hi, model(`text-basic~cut-${cut}`), { maxRetries: 0 }));
    expect({ code: error.code, content: error.partial?.content }).toEqual({
      code: 'stream_truncated',
      content: 'The capital',
    });
  });

  it('throws an in-band {"error": …} line as a server LLMError after the text before it', async () => {
    const seen: string[] = [];
    const error = await failure(async () => {
      for await (const chunk of model('in-band-error-after-output').createChatCompletionStream(hi)) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
      }
    });
    expect(seen.join('')).toBe('Step one: preheat');
    expect({ code: error.code, provider: error.provider, retryable: error.retryable }).toEqual({
      code: 'server',
      provider: 'openai',
      retryable: true,
    });
    expect(error.message).toContain('The server had an error while processing your request');
  });
});

describe('failures', () => {
  it('makes exactly one request on a 500: the SDK does not retry, core does', async () => {
    const error = await failure(() => collect(model('text-basic~status-500').createChatCompletionStream(hi)));
    expect(error.code).toBe('server');
    expect(server.requests).toHaveLength(1);
  });

  it.each<[string, string, number]>([
    ['status-422', 'invalid_request', 422],
    ['status-409', 'server', 409],
    ['status-429~quota', 'rate_limit', 429],
    ['status-400~ctx', 'context_length', 400],
  ])('maps %s from the replay server', async (mode, code, status) => {
    const error = await failure(() => collect(model(`text-basic~${mode}`).createChatCompletionStream(hi)));
    expect({ code: error.code, status: error.status }).toEqual({ code, status });
  });

  it('reports a server nobody listens on as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const llm = openai({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'k' }).languageModel('m');
    const error = await failure(() => collect(llm.createChatCompletionStream(hi)));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'network', retryable: true });
  });

  it('reports a server that never answers within `timeout` as a timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const llm = openai({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'k', timeout: 50 }).languageModel('m');
      const error = await failure(() => collect(llm.createChatCompletionStream(hi)));
      expect(error.code).toBe('timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('aborts and early exits', () => {
  it('throws aborted (not a quiet end) when the signal fires mid-stream, and closes the connection', async () => {
    const controller = new AbortController();
    const error = await failure(async () => {
      for await (const _chunk of model('text-basic~stall-900').createChatCompletionStream(hi, {
        signal: controller.signal,
      })) {
        controller.abort();
      }
    });
    expect(error.code).toBe('aborted');
    await server.requests[0]!.done;
    expect(server.requests[0]!.closedEarly).toBe(true);
  });

  it('throws aborted for a signal aborted before the request', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(() => collect(model().createChatCompletionStream(hi, { signal: controller.signal })));
    expect(error.code).toBe('aborted');
  });

  it('closes the HTTP stream when the consumer leaves the loop', async () => {
    for await (const _chunk of model('text-basic~stall-900').createChatCompletionStream(hi)) break;
    await server.requests[0]!.done;
    expect(server.requests[0]!.closedEarly).toBe(true);
  });
});
