import { ApiError } from '@google/genai';
import { LLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapError, mapGeminiErrorObject, parseDuration, parseErrorBody } from '../src/map-error.js';

const context = { provider: 'google' };

describe('mapGeminiErrorObject', () => {
  it.each([
    [
      { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' },
      'invalid_request',
      false,
    ],
    [
      {
        code: 400,
        message: 'The input token count (1114128) exceeds the maximum number of tokens allowed (1048576).',
        status: 'INVALID_ARGUMENT',
      },
      'context_length',
      false,
    ],
    [
      { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      'auth',
      false,
    ],
    [{ code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' }, 'permission', false],
    [{ code: 404, message: 'models/x is not found', status: 'NOT_FOUND' }, 'not_found', false],
    [{ code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' }, 'rate_limit', true],
    [{ code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' }, 'server', true],
    [{ code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' }, 'overloaded', true],
    [{ code: 504, message: 'Deadline expired', status: 'DEADLINE_EXCEEDED' }, 'timeout', true],
  ])('maps %j', (error, code, retryable) => {
    const mapped = mapGeminiErrorObject(error, 'google');
    expect(mapped).toMatchObject({ code, retryable, status: error.code, provider: 'google' });
    expect(mapped.message).toContain(error.message);
  });

  it('treats an invalid key as auth although Google answers 400', () => {
    const error = {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ],
    };
    expect(mapGeminiErrorObject(error, 'google')).toMatchObject({ code: 'auth', status: 400, retryable: false });
  });

  it('reads the retry delay from RetryInfo', () => {
    const error = {
      code: 429,
      message: 'You exceeded your current quota.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' },
      ],
    };
    expect(mapGeminiErrorObject(error, 'google')).toMatchObject({ code: 'rate_limit', retryAfterMs: 30_000 });
  });

  it('prefers the HTTP status it is given over the body code', () => {
    expect(mapGeminiErrorObject({ message: 'x' }, 'google', 503)).toMatchObject({ code: 'overloaded', status: 503 });
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['1.5s', 1500],
    ['0s', 0],
    ['30', undefined],
    ['s', undefined],
    ['-1s', undefined],
    ['abcs', undefined],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseErrorBody', () => {
  it.each([
    ['a body', '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}', { code: 429, status: 'RESOURCE_EXHAUSTED' }],
    [
      'a stream error message',
      'got status: INTERNAL. {"error":{"code":500,"status":"INTERNAL"}}',
      { code: 500, status: 'INTERNAL' },
    ],
    ['a body in an array', '[{"error":{"code":503}}]', { code: 503 }],
    [
      'a non-JSON response wrapped by the SDK around a JSON text',
      JSON.stringify({
        error: { message: '{"error":{"code":404,"status":"NOT_FOUND"}}', code: 404, status: 'Not Found' },
      }),
      { code: 404, status: 'NOT_FOUND' },
    ],
    ['text without JSON', 'fetch failed', undefined],
    ['broken JSON', '{"error":', undefined],
    ['JSON without an error', '{"candidates":[]}', undefined],
  ])('reads %s', (_name, text, expected) => {
    expect(parseErrorBody(text)).toEqual(expected);
  });
});

describe('mapError', () => {
  it('maps an HTTP ApiError by its JSON body', () => {
    const error = new ApiError({
      status: 429,
      message: JSON.stringify({
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }],
        },
      }),
    });
    const mapped = mapError(error, context);
    expect(mapped).toMatchObject({ code: 'rate_limit', status: 429, retryAfterMs: 12_000 });
    expect(mapped.message).toBe('google: Resource has been exhausted (e.g. check quota).');
    // The cause is a sanitized copy of the SDK error.
    expect(mapped.cause).toMatchObject({ name: error.name, status: 429 });
  });

  it('maps an error event the SDK raised mid-stream', () => {
    const error = new ApiError({
      status: 500,
      message:
        'got status: INTERNAL. {"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}',
    });
    expect(mapError(error, context)).toMatchObject({ code: 'server', status: 500 });
  });

  it('maps the SDK report of an unparsable stream tail to a server error', () => {
    const mapped = mapError(new Error('Incomplete JSON segment at the end'), context);
    expect(mapped.code).toBe('server');
    expect(mapped.message).toMatch(/not a stream event/);
  });

  it('maps an event that is not JSON to a server error', () => {
    expect(mapError(new SyntaxError('Unexpected token'), context).code).toBe('server');
  });

  it.each([
    ['before the response', false, 'network'],
    ['while streaming', true, 'stream_truncated'],
  ])('maps a broken connection %s to %s', (_name, streaming, code) => {
    const error = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const mapped = mapError(error, { ...context, streaming });
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(true);
  });

  it('maps a refused connection to network', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(mapError(error, context)).toMatchObject({ code: 'network' });
  });

  it('names host:port and the errno of a refused connection', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 9,
      }),
    });
    expect(mapError(error, context).message).toContain('Could not connect to 127.0.0.1:9 (ECONNREFUSED)');
  });

  it('maps an abort caused by AbortSignal.timeout() to timeout', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mapped = mapError(new DOMException('This operation was aborted', 'AbortError'), { ...context, signal });
    expect({ code: mapped.code, retryable: mapped.retryable }).toEqual({ code: 'timeout', retryable: false });
  });

  it('maps an abort to aborted when the caller aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      mapError(new DOMException('This operation was aborted', 'AbortError'), { ...context, signal: controller.signal })
        .code,
    ).toBe('aborted');
  });

  it('maps an abort the caller did not ask for to a timeout', () => {
    const mapped = mapError(new DOMException('This operation was aborted', 'AbortError'), {
      ...context,
      timeoutMs: 250,
    });
    expect(mapped.code).toBe('timeout');
    expect(mapped.message).toContain('250 ms');
  });

  it('passes LLMErrors through', () => {
    const error = new LLMError('x', { code: 'auth' });
    expect(mapError(error, context)).toBe(error);
  });

  it('maps anything else to unknown', () => {
    expect(mapError(new Error('boom'), context)).toMatchObject({ code: 'unknown', message: 'google: boom' });
    expect(mapError('boom', context)).toMatchObject({ code: 'unknown' });
  });
});
