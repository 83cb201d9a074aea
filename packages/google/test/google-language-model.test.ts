import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import { type ChatCompletionRequest, complete, isLLMError, type LLMError, type Message } from '@switchyard/core';
import { google } from '@switchyard/google';
import { describe, expect, it } from 'vitest';
import { FOREIGN_TOOL_CONTENTS, FOREIGN_TOOL_TURN, RICH_BODY, RICH_REQUEST, useReplayServer } from './replay.js';

const replay = useReplayServer();
const model = (id: string, options: Parameters<typeof google>[0] = {}) =>
  google({ baseURL: replay.baseURL, apiKey: 'test-key', ...options }).languageModel(id);
const hello: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hello' }] };

async function failure(request: ChatCompletionRequest, id: string): Promise<LLMError> {
  try {
    await complete(request, model(id), { maxRetries: 0 });
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  throw new Error('expected the stream to fail');
}

describe('google language model, through @google/genai', () => {
  it('completes the message when the connection drops after the finish, before a usage-only event', async () => {
    const body = readFileSync(
      new URL('../../conformance/recordings/google/finish-then-usage-event.sse', import.meta.url),
    );
    const finish = body.indexOf('"finishReason": "STOP"');
    const blank = /\r?\n\r?\n/.exec(body.toString('latin1').slice(finish));
    const cut = finish + blank!.index + blank![0].length;
    const message = await complete(hello, model(`finish-then-usage-event~cut-${cut}`), { maxRetries: 0 });
    expect(message).toMatchObject({ content: 'Platform 4 is on the north side.', finishReason: 'stop' });
    // The usage-only event after the finish was lost with the connection; the earlier snapshot stays.
    expect(message.usage).toMatchObject({ inputTokens: 11, outputTokens: 8 });
  });

  it('streams from POST /v1beta/models/M:streamGenerateContent?alt=sse with the key in x-goog-api-key', async () => {
    await complete(hello, model('text-basic'), { maxRetries: 0 });
    const [request] = replay.server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1beta/models/text-basic:streamGenerateContent' });
    expect(request!.query).toEqual({ alt: 'sse' });
    expect(request!.headers['x-goog-api-key']).toBe('test-key');
  });

  it('sends every converted field in the body', async () => {
    // RICH_REQUEST asks for JSON: a recording that answers with JSON.
    await complete(RICH_REQUEST, model('structured-output'), { maxRetries: 0 });
    expect(replay.server.requests[0]!.body).toEqual(RICH_BODY);
  });

  it('keeps SDK-only settings (continuation, abort signal) out of the body', async () => {
    await complete(hello, model('text-basic', { timeout: 60_000 }), { maxRetries: 0 });
    // The SDK always sends a generationConfig, empty when nothing is set.
    expect(replay.server.requests[0]!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      generationConfig: {},
    });
  });

  it('uses the configured API version and headers', async () => {
    await complete(hello, model('text-basic', { apiVersion: 'v1', headers: { 'x-trace': 'abc' } }), { maxRetries: 0 });
    const [request] = replay.server.requests;
    expect(request!.path).toBe('/v1/models/text-basic:streamGenerateContent');
    expect(request!.headers['x-trace']).toBe('abc');
  });

  it('sends thought signatures back on the reasoning they closed', async () => {
    const answer = await complete(hello, model('thought-signature'), { maxRetries: 0 });
    const next: Message[] = [...hello.messages, answer, { role: 'user', content: 'And back?' }];
    await complete({ messages: next }, model('text-basic'), { maxRetries: 0 });
    const body = replay.server.requests[1]!.body as { contents: unknown[] };
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: answer.reasoning, thought: true, thoughtSignature: answer.reasoningParts![0]!.signature },
        { text: answer.content },
      ],
    });
  });

  it('sends vendor call ids and call signatures back, and results matched by id and name', async () => {
    const answer = await complete(hello, model('stop-with-calls'), { maxRetries: 0 });
    expect(answer.toolCalls[0]!.signature).toMatch(/^[A-Za-z0-9+/=]{100,}$/);
    const results: Message[] = answer.toolCalls.map((call) => ({ role: 'tool', toolCallId: call.id, content: 'ok' }));
    await complete({ messages: [...hello.messages, answer, ...results] }, model('text-basic'), { maxRetries: 0 });
    const body = replay.server.requests[1]!.body as { contents: unknown[] };
    expect(body.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { id: 'fc_7q2xk81m', name: 'get_departures', args: { station: 'Bern', after: '08:00' } },
            thoughtSignature: answer.toolCalls[0]!.signature,
          },
          { functionCall: { id: 'fc_3h9s0w2d', name: 'get_platform', args: { station: 'Bern', train: 'IC 8' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'fc_7q2xk81m', name: 'get_departures', response: { output: 'ok' } } },
          { functionResponse: { id: 'fc_3h9s0w2d', name: 'get_platform', response: { output: 'ok' } } },
        ],
      },
    ]);
  });

  it('sends calls Gemini gave no id without the id core generated', async () => {
    const answer = await complete(hello, model('function-calls-one-event'), { maxRetries: 0 });
    const results: Message[] = answer.toolCalls.map((call) => ({ role: 'tool', toolCallId: call.id, content: '1' }));
    await complete({ messages: [...hello.messages, answer, ...results] }, model('text-basic'), { maxRetries: 0 });
    const body = replay.server.requests[1]!.body as { contents: { parts: Record<string, { id?: string }>[] }[] };
    const calls = body.contents[1]!.parts.map((part) => part.functionCall);
    const responses = body.contents[2]!.parts.map((part) => part.functionResponse);
    expect(calls.map((call) => call?.id)).toEqual([undefined, undefined, undefined]);
    expect(responses.map((response) => response?.id)).toEqual([undefined, undefined, undefined]);
  });

  it("sends another provider's calls with the skip-validation signature on the first", async () => {
    await complete(FOREIGN_TOOL_TURN, model('text-basic'), { maxRetries: 0 });
    expect((replay.server.requests[0]!.body as { contents: unknown }).contents).toEqual(FOREIGN_TOOL_CONTENTS);
  });

  it('reports an error event after output as a server error with the partial message', async () => {
    const error = await failure(hello, 'error-data-event-after-output');
    expect(error).toMatchObject({ code: 'server', status: 500 });
    expect(error.partial).toMatchObject({
      content: 'The first train leaves at 06:12 from platform 4,',
      finishReason: 'error',
    });
  });

  // The body is read by core's SSE decoder: the bare JSON tail is found however the reads
  // split it (the SDK's own reader saw it only when it arrived in a read of its own).
  it.each(['events', 'bytes-1', 'bytes-2', 'bytes-3'])(
    'reports a bare JSON error tail (%s) by its status, with the partial message',
    async (mode) => {
      const error = await failure(hello, `error-json-tail-after-output~${mode}`);
      expect({ code: error.code, status: error.status }).toEqual({ code: 'server', status: 500 });
      expect(error.partial).toMatchObject({ content: 'Departures from Basel SBB: 07:04 to Luzern, 07:28 to' });
    },
  );

  it('maps a 503 "model is overloaded" tail replayed in 1-byte writes to overloaded', async () => {
    const error = await failure(hello, 'error-json-tail-overloaded~bytes-1');
    expect({ code: error.code, status: error.status, retryable: error.retryable }).toEqual({
      code: 'overloaded',
      status: 503,
      retryable: true,
    });
    expect(error.partial).toMatchObject({ content: 'Departures from Basel SBB: 07:04 to Luzern,' });
  });

  it("sends through the fetch of a client passed in (wrapped by the adapter's guard)", async () => {
    let calls = 0;
    const counting = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      calls++;
      return fetch(input, init);
    };
    const client = new GoogleGenAI({
      apiKey: 'test-key',
      vertexai: false,
      apiVersion: 'v1beta',
      httpOptions: { baseUrl: replay.baseURL, fetch: counting },
    });
    const message = await complete(hello, google({ client }).languageModel('text-basic'), { maxRetries: 0 });
    expect(message.content.length).toBeGreaterThan(0);
    expect(calls).toBe(1);
  });

  it('stops an event larger than maxEventBytes with a server error', async () => {
    await expect(complete(hello, model('text-basic~bytes-1'), { maxRetries: 0 })).resolves.toBeDefined();
    const capped = await complete(hello, model('text-basic~bytes-1', { maxEventBytes: 100 }), { maxRetries: 0 }).then(
      () => expect.fail('expected the stream to fail'),
      (caught: LLMError) => caught,
    );
    expect({ code: capped.code, retryable: capped.retryable }).toEqual({ code: 'server', retryable: false });
    expect(capped.message).toContain('maxEventBytes');
  });

  it('does not resume a stream that ended without a finish (automatic continuation is off)', async () => {
    const error = await failure(hello, 'truncated');
    expect(error.code).toBe('stream_truncated');
    expect(replay.server.requests).toHaveLength(1);
  });

  it('sends a failing request once (the SDK does not retry)', async () => {
    const error = await failure(hello, 'text-basic~status-503');
    expect(error.code).toBe('overloaded');
    expect(replay.server.requests).toHaveLength(1);
  });

  it('reads the retry delay Gemini states in the body', async () => {
    const error = await failure(hello, 'text-basic~status-429~retry-7');
    expect(error).toMatchObject({ code: 'rate_limit', retryAfterMs: 7000 });
  });

  it('reports a conversion problem before sending anything', async () => {
    const error = await failure({ messages: [{ role: 'system', content: 'x' }] }, 'text-basic');
    expect(error.code).toBe('invalid_request');
    expect(replay.server.requests).toHaveLength(0);
  });
});
