import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ReplayServer } from '@switchyard/conformance';
import { defaultRecordingsDir, startReplayServer } from '@switchyard/conformance';
import {
  type ChatCompletionRequest,
  complete,
  isLLMError,
  type LLMError,
  type Message,
  type Tool,
} from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from '../src/index.js';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const plugin = () => anthropic({ baseURL: server.origin, apiKey: 'test-key' });

/** Runs one request through core and the real SDK; returns the body the replay server received. */
async function sentBody(
  request: Partial<ChatCompletionRequest>,
  scenario = 'text-basic',
): Promise<Record<string, unknown>> {
  await complete({ messages: [{ role: 'user', content: 'Hi' }], ...request }, plugin().languageModel(scenario), {
    maxRetries: 0,
  });
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!.body as Record<string, unknown>;
}

async function failure(request: Partial<ChatCompletionRequest>, scenario = 'text-basic'): Promise<LLMError> {
  try {
    await complete({ messages: [{ role: 'user', content: 'Hi' }], ...request }, plugin().languageModel(scenario), {
      maxRetries: 0,
    });
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  return expect.fail('expected an LLMError');
}

const weather: Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string' } },
    required: ['city'],
  },
};

describe('request body sent by the SDK', () => {
  it('posts a streaming request with the model and max_tokens to /v1/messages', async () => {
    const body = await sentBody({ maxTokens: 256 });
    expect(server.requests[0]!.path).toBe('/v1/messages');
    expect(body).toEqual({
      model: 'text-basic',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it('defaults max_tokens when the request sets none', async () => {
    expect((await sentBody({})).max_tokens).toBe(4096);
  });

  it('uses the defaultMaxTokens option when the request sets none', async () => {
    await complete(
      { messages: [{ role: 'user', content: 'Hi' }] },
      anthropic({ baseURL: server.origin, apiKey: 'test-key', defaultMaxTokens: 1500 }).languageModel('text-basic'),
      { maxRetries: 0 },
    );
    expect((server.requests[0]!.body as Record<string, unknown>).max_tokens).toBe(1500);
  });

  it('lifts and joins system messages', async () => {
    const body = await sentBody({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Answer in English.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(body.system).toBe('You are terse.\n\nAnswer in English.');
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('sends tools, tool choice and parallel tool use off', async () => {
    const body = await sentBody({
      tools: [weather],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
    });
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Current weather for a city', input_schema: weather.parameters },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
  ] as const)('sends tool choice %s as %j', async (toolChoice, expected) => {
    expect((await sentBody({ tools: [weather], toolChoice })).tool_choice).toEqual(expected);
  });

  it('sends stop sequences, temperature and top_p', async () => {
    const body = await sentBody({ stop: ['###'], temperature: 0.3, topP: 0.8 });
    expect(body).toMatchObject({ stop_sequences: ['###'], temperature: 0.3, top_p: 0.8 });
  });

  // The replay server's 400 is about the messages, not the sampling parameters: the hint
  // (about API version 2026-10-21 and temperature/top_p) is only added to 400s that name them.
  it('does not blame the sampling parameters for a 400 about something else', async () => {
    const error = await failure({ temperature: 0.3 }, 'text-basic~status-400');
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain('2026-10-21');
  });

  it('sends images as base64 and URL sources', async () => {
    const body = await sentBody({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.com/b.jpg' },
            { type: 'image', url: 'data:image/gif;base64,R0lGODlh' },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/b.jpg' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGODlh' } },
        ],
      },
    ]);
  });

  it('sends a json_schema response format as output_config.format', async () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer' } },
      required: ['n'],
      additionalProperties: false,
    };
    // The answer must be JSON now that the output is parsed: a recording that answers with JSON.
    const body = await sentBody({ responseFormat: { type: 'json_schema', name: 'n', schema } }, 'structured-output');
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
  });

  it('sends a plain json response format as a forced tool and reads its input back as text', async () => {
    const message = await complete(
      { messages: [{ role: 'user', content: 'Hi' }], responseFormat: { type: 'json' } },
      plugin().languageModel('structured-output-json-tool'),
      { maxRetries: 0 },
    );
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    expect(message).toMatchObject({ finishReason: 'stop', rawFinishReason: 'tool_use', toolCalls: [] });
    expect(message.object).toEqual({ name: 'Ada Lovelace', born: 1815, fields: ['mathematics', 'computing'] });
    expect(message.content).toBe('{"name": "Ada Lovelace", "born": 1815, "fields": ["mathematics", "computing"]}');
  });

  it('merges providerOptions.anthropic last (thinking)', async () => {
    const body = await sentBody({
      maxTokens: 16_000,
      providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 4096 } }, openai: { store: true } },
    });
    expect(body).toMatchObject({ max_tokens: 16_000, thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(body).not.toHaveProperty('store');
  });

  it('merges consecutive tool results into one user turn after the tool_use turn', async () => {
    const body = await sentBody({
      messages: [
        { role: 'user', content: 'Paris and Tokyo?' },
        {
          role: 'assistant',
          content: 'Checking both.',
          toolCalls: [
            { id: 'toolu_p', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
            { id: 'toolu_t', name: 'get_weather', arguments: '', input: {} },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_p', content: '18°C' },
        { role: 'tool', toolCallId: 'toolu_t', content: 'no such city', isError: true },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'Paris and Tokyo?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_p', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_t', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_p', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_t', content: 'no such city', is_error: true },
        ],
      },
    ]);
  });
});

describe('multi-turn tool use with thinking', () => {
  it('sends the signed thinking, the redacted block and the tool result back in the exact shape the API requires', async () => {
    const model = plugin();
    const thinking = { anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 } } };
    const messages: Message[] = [{ role: 'user', content: 'What is the weather in Paris?' }];

    // Turn one: the model thinks, a block is redacted, and it calls a tool.
    const first = await complete(
      { messages, tools: [weather], maxTokens: 8192, providerOptions: thinking },
      model.languageModel('thinking-tool-use'),
      { maxRetries: 0 },
    );
    expect(first.finishReason).toBe('tool_calls');
    const call = first.toolCalls[0]!;

    // Turn two: the OutputMessage goes back as it is, followed by the tool's result.
    messages.push(first, { role: 'tool', toolCallId: call.id, name: call.name, content: '18°C and sunny' });
    const second = await complete(
      { messages, tools: [weather], maxTokens: 8192, providerOptions: thinking },
      model.languageModel('text-basic'),
      { maxRetries: 0 },
    );
    expect(second.content).toBe('Hello! How can I help you today?');

    expect(server.requests).toHaveLength(2);
    const body = server.requests[1]!.body as Record<string, unknown>;
    expect(body.messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: [
          {
            type: 'thinking',
            thinking: 'The user wants the weather in Paris. I should call get_weather.',
            signature: first.reasoningParts![0]!.signature,
          },
          { type: 'redacted_thinking', data: first.reasoningParts![1]!.redacted },
          { type: 'text', text: 'Let me check the weather for you.' },
          {
            type: 'tool_use',
            id: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV',
            name: 'get_weather',
            input: { city: 'Paris', unit: 'celsius' },
          },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV', content: '18°C and sunny' }],
      },
    ]);
    // The opaque data is byte-for-byte what the first response carried.
    const firstStream = readFileSync(join(defaultRecordingsDir(), 'anthropic', 'thinking-tool-use.sse'), 'utf8');
    const assistant = (body.messages as { content: { signature?: string; data?: string }[] }[])[1]!.content;
    expect(firstStream).toContain(`"signature":"${assistant[0]!.signature}"`);
    expect(firstStream).toContain(`"data":"${assistant[1]!.data}"`);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });
});

describe('spend limits', () => {
  it('does not retry a 429 enforced_spend_limit_reached: the organization is paused until the month ends', async () => {
    // The replay server sends no `error.details`; this body is the one the API documents for the spend cap.
    let requests = 0;
    const spendCap = createServer((_request, response) => {
      requests++;
      response.writeHead(429, { 'content-type': 'application/json', 'request-id': 'req_011CSpendCap' });
      response.end(
        JSON.stringify({
          type: 'error',
          error: {
            type: 'rate_limit_error',
            message: 'Your organization has reached its monthly usage limit.',
            details: { error_code: 'enforced_spend_limit_reached' },
          },
          request_id: 'req_011CSpendCap',
        }),
      );
    });
    await new Promise<void>((resolve) => spendCap.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = spendCap.address() as AddressInfo;
      const model = anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: 'test-key' }).languageModel('m');
      const error = await complete({ messages: [{ role: 'user', content: 'Hi' }] }, model, {
        maxRetries: 2,
        retryDelay: { initialMs: 1, maxMs: 1 },
      }).catch((caught: unknown) => caught);
      expect(isLLMError(error) && { code: error.code, retryable: error.retryable }).toEqual({
        code: 'rate_limit',
        retryable: false,
      });
      expect(requests).toBe(1);
    } finally {
      await new Promise((resolve) => spendCap.close(resolve));
    }
  });
});
