import {
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIRequestInputError,
} from '@google/generative-ai';
import { complete, isLLMError, type LLMError } from '@switchyard/core';
import { google } from '@switchyard/google';
import { googleLegacy } from '@switchyard/google/legacy';
import { describe, expect, it } from 'vitest';
import { mapLegacyError } from '../src/google-legacy-language-model.js';
import { FOREIGN_TOOL_CONTENTS, FOREIGN_TOOL_TURN, RICH_BODY, RICH_REQUEST, useReplayServer } from './replay.js';

const replay = useReplayServer();
const hello = { messages: [{ role: 'user' as const, content: 'Hello' }] };
const legacy = (id: string) => googleLegacy({ baseURL: replay.baseURL, apiKey: 'test-key' }).languageModel(id);

async function failure(id: string): Promise<LLMError> {
  const error = await complete(hello, legacy(id), { maxRetries: 0 }).catch((caught: unknown) => caught);
  if (!isLLMError(error)) throw new Error(`expected an LLMError, got ${String(error)}`);
  return error;
}

describe('googleLegacy language model, through @google/generative-ai', () => {
  it('streams from the same path with the key in x-goog-api-key', async () => {
    await complete(hello, legacy('text-basic'), { maxRetries: 0 });
    const [request] = replay.server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1beta/models/text-basic:streamGenerateContent' });
    expect(request!.query).toEqual({ alt: 'sse' });
    expect(request!.headers['x-goog-api-key']).toBe('test-key');
  });

  it('sends the same converted body as the main entry', async () => {
    // RICH_REQUEST asks for JSON: a recording that answers with JSON.
    await complete(RICH_REQUEST, legacy('structured-output'), { maxRetries: 0 });
    // The legacy SDK adds an empty safetySettings list and a "system" role to the system instruction.
    expect(replay.server.requests[0]!.body).toEqual({
      ...RICH_BODY,
      safetySettings: [],
      systemInstruction: { role: 'system', ...RICH_BODY.systemInstruction },
    });
  });

  it("sends another provider's calls as the main entry does", async () => {
    await complete(FOREIGN_TOOL_TURN, legacy('text-basic'), { maxRetries: 0 });
    expect((replay.server.requests[0]!.body as { contents: unknown }).contents).toEqual(FOREIGN_TOOL_CONTENTS);
  });

  it('produces the same message as the main entry for a recording', async () => {
    const viaLegacy = await complete(hello, legacy('stop-with-calls'), { maxRetries: 0 });
    const viaGenAI = await complete(
      hello,
      google({ baseURL: replay.baseURL, apiKey: 'test-key' }).languageModel('stop-with-calls'),
      { maxRetries: 0 },
    );
    expect(viaLegacy).toEqual(viaGenAI);
  });

  it.each([
    ['status-401', 'auth', 401],
    ['status-400~ctx', 'context_length', 400],
    ['status-404', 'not_found', 404],
    ['status-503', 'overloaded', 503],
  ])('maps an HTTP error (%s) by status and message', async (mode, code, status) => {
    expect(await failure(`text-basic~${mode}`)).toMatchObject({ code, status });
  });

  it('reads the retry delay from the error details', async () => {
    const error = await failure('text-basic~status-429~retry-4');
    expect(error).toMatchObject({ code: 'rate_limit', retryAfterMs: 4000 });
    expect(error.message).toBe('google: Resource has been exhausted (e.g. check quota).');
  });

  it('raises an error event the SDK passes through as a stream event', async () => {
    const error = await failure('error-data-event-after-output');
    expect(error).toMatchObject({ code: 'server', status: 500 });
    expect(error.partial?.content).toBe('The first train leaves at 06:12 from platform 4,');
  });

  it('leaves no unhandled rejection from the aggregated response when the stream fails', async () => {
    const rejections: unknown[] = [];
    const collect = (reason: unknown): void => {
      rejections.push(reason);
    };
    process.on('unhandledRejection', collect);
    try {
      await failure('error-json-tail-after-output');
      await failure('text-basic~cut-400');
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', collect);
    }
    expect(rejections).toEqual([]);
  });
});

describe('mapLegacyError', () => {
  const context = { provider: 'google' };

  it('maps a fetch error by status, message and details', () => {
    const details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '9s' }];
    const error = new GoogleGenerativeAIFetchError(
      `Error fetching from http://x/v1beta/models/m:streamGenerateContent?alt=sse: [429 Too Many Requests] Quota exceeded. ${JSON.stringify(details)}`,
      429,
      'Too Many Requests',
      details,
    );
    const mapped = mapLegacyError(error, context);
    expect(mapped).toMatchObject({ code: 'rate_limit', status: 429, retryAfterMs: 9000 });
    expect(mapped.message).toBe('google: Quota exceeded.');
  });

  it('treats an invalid key as auth although Google answers 400', () => {
    const details = [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }];
    const error = new GoogleGenerativeAIFetchError('[400 Bad Request] API key not valid.', 400, 'Bad Request', details);
    expect(mapLegacyError(error, context).code).toBe('auth');
  });

  it.each([
    ['an unparsable stream tail', new GoogleGenerativeAIError('Failed to parse stream'), {}, 'server'],
    ['a data line that is not JSON', new GoogleGenerativeAIError('Error parsing JSON response: "{"'), {}, 'server'],
    [
      'a broken read while streaming',
      new GoogleGenerativeAIError('Error reading from the stream'),
      { streaming: true },
      'stream_truncated',
    ],
    ['a failed fetch', new GoogleGenerativeAIError('Error fetching from http://x: fetch failed'), {}, 'network'],
    ['an abort the caller did not ask for', new GoogleGenerativeAIAbortError('Request aborted'), {}, 'timeout'],
    [
      'a read error after the timeout fired',
      new GoogleGenerativeAIError('Error reading from the stream'),
      { streaming: true, timedOut: true },
      'timeout',
    ],
    [
      'bad input',
      new GoogleGenerativeAIRequestInputError('Cannot set reserved header name x-goog-api-key'),
      {},
      'invalid_request',
    ],
  ])('maps %s', (_name, error, extra, code) => {
    expect(mapLegacyError(error, { ...context, ...extra }).code).toBe(code);
  });

  it('maps an abort of the caller to aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      mapLegacyError(new GoogleGenerativeAIError('Error reading from the stream'), {
        ...context,
        signal: controller.signal,
      }).code,
    ).toBe('aborted');
  });
});
