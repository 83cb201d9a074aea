import { LLMError, type LLMErrorCode } from '@switchyard/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { mapError } from '../src/map-error.js';

// Real SDK errors, built the way the SDK builds them from a response.
function httpError(
  status: number,
  error: Record<string, unknown> | undefined,
  headers: Record<string, string> = {},
): APIError {
  return APIError.generate(status, error === undefined ? undefined : { error }, undefined, new Headers(headers));
}
function inBand(error: Record<string, unknown>): APIError {
  return new APIError(undefined, error, undefined, new Headers());
}

const openaiBody = (message: string, type: string, code: string | null = null) => ({
  message,
  type,
  param: null,
  code,
});

describe('mapError: HTTP errors', () => {
  it.each<[string, APIError, LLMErrorCode, boolean]>([
    [
      '400',
      httpError(400, openaiBody("Invalid value for 'messages'", 'invalid_request_error')),
      'invalid_request',
      false,
    ],
    [
      '400 context_length_exceeded',
      httpError(
        400,
        openaiBody(
          "This model's maximum context length is 128000 tokens.",
          'invalid_request_error',
          'context_length_exceeded',
        ),
      ),
      'context_length',
      false,
    ],
    [
      '400 with a context-length message and no code (compatible servers)',
      httpError(
        400,
        openaiBody(
          "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens",
          'BadRequestError',
        ),
      ),
      'context_length',
      false,
    ],
    [
      '401',
      httpError(401, openaiBody('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key')),
      'auth',
      false,
    ],
    [
      '401 without a code',
      httpError(401, openaiBody("You didn't provide an API key.", 'invalid_request_error')),
      'auth',
      false,
    ],
    [
      '403',
      httpError(
        403,
        openaiBody(
          'Country, region, or territory not supported',
          'request_forbidden',
          'unsupported_country_region_territory',
        ),
      ),
      'permission',
      false,
    ],
    [
      '404',
      httpError(404, openaiBody('The model `gpt-5x` does not exist', 'invalid_request_error', 'model_not_found')),
      'not_found',
      false,
    ],
    ['409', httpError(409, openaiBody('Another request is in progress', 'conflict')), 'server', true],
    [
      '422',
      httpError(422, openaiBody('Extra inputs are not permitted', 'invalid_request_error')),
      'invalid_request',
      false,
    ],
    [
      '429 rate limit',
      httpError(429, openaiBody('Rate limit reached', 'tokens', 'rate_limit_exceeded')),
      'rate_limit',
      true,
    ],
    [
      '429 insufficient_quota',
      httpError(429, openaiBody('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota')),
      'rate_limit',
      false,
    ],
    [
      'Azure 400 content_filter (a prompt blocked by the content filter)',
      httpError(400, {
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { hate: { filtered: true } } },
      }),
      'content_filter',
      false,
    ],
    ['500', httpError(500, openaiBody('The server had an error', 'server_error')), 'server', true],
    ['502 without a body', httpError(502, undefined), 'server', true],
    [
      '503',
      httpError(
        503,
        openaiBody('Our servers are currently overloaded.', 'service_unavailable_error', 'server_is_overloaded'),
      ),
      'overloaded',
      true,
    ],
  ])('maps %s', (_name, error, code, retryable) => {
    const mapped = mapError(error, 'openai');
    expect(mapped).toBeInstanceOf(LLMError);
    expect({ code: mapped.code, retryable: mapped.retryable, status: mapped.status }).toEqual({
      code,
      retryable,
      status: error.status,
    });
    // The cause is a sanitized copy of the SDK error: same class and status.
    expect(mapped.cause).toBeInstanceOf(APIError);
    expect(mapped.cause).toMatchObject({ status: error.status });
  });

  it.each<[string, Record<string, string>, number]>([
    ['Retry-After seconds', { 'retry-after': '7' }, 7000],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
    ['retry-after-ms over Retry-After', { 'retry-after-ms': '250', 'retry-after': '30' }, 250],
  ])('honours %s', (_name, headers, ms) => {
    const mapped = mapError(
      httpError(429, openaiBody('Rate limit reached', 'requests', 'rate_limit_exceeded'), headers),
      'openai',
    );
    expect(mapped.retryAfterMs).toBe(ms);
  });

  it("uses the vendor's message, the provider name and a hint", () => {
    const mapped = mapError(
      httpError(401, openaiBody('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key')),
      'groq',
    );
    expect(mapped.message).toBe('groq: Incorrect API key provided (check the API key configured for "groq")');
    expect(mapped.provider).toBe('groq');
  });
});

describe('mapError: in-band {"error": …} data lines', () => {
  it.each<[string, Record<string, unknown>, LLMErrorCode]>([
    ['server_error', openaiBody('The server had an error while processing your request.', 'server_error'), 'server'],
    ['rate_limit_exceeded', openaiBody('Rate limit reached', 'requests', 'rate_limit_exceeded'), 'rate_limit'],
    ['invalid_request_error', openaiBody('Invalid schema', 'invalid_request_error'), 'invalid_request'],
    ['a message only', { message: 'upstream failed' }, 'server'],
    [
      'Azure content_filter',
      { message: 'The response was filtered.', type: null, param: 'prompt', code: 'content_filter', status: 400 },
      'content_filter',
    ],
    [
      'vLLM, with the status in code',
      { object: 'error', message: 'Input too long', type: 'BadRequestError', code: 400 },
      'invalid_request',
    ],
    [
      'vLLM 503',
      { object: 'error', message: 'Engine is sleeping', type: 'ServiceUnavailableError', code: 503 },
      'overloaded',
    ],
  ])('maps %s', (_name, body, code) => {
    const mapped = mapError(inBand(body), 'openai');
    expect(mapped.code).toBe(code);
    expect(mapped.message).toContain(String(body.message));
  });
});

describe('mapError: connection failures, timeouts and aborts', () => {
  it('maps APIConnectionError to network, naming the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), { code: 'ECONNREFUSED' });
    const mapped = mapError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) }), 'ollama');
    expect(mapped.code).toBe('network');
    expect(mapped.retryable).toBe(true);
    expect(mapped.message).toContain('(ECONNREFUSED)');
  });

  it('names host:port and the errno of a refused connection', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 11434,
    });
    const mapped = mapError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) }), 'ollama');
    expect(mapped.message).toMatch(/^ollama: Could not connect to 127\.0\.0\.1:11434 \(ECONNREFUSED\).*baseURL/);
  });

  it('names the host of a failed DNS lookup', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND api.nosuch.invalid'), {
      code: 'ENOTFOUND',
      hostname: 'api.nosuch.invalid',
    });
    const mapped = mapError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) }), 'openai');
    expect(mapped.message).toContain('api.nosuch.invalid (ENOTFOUND)');
  });

  it('maps an abort caused by AbortSignal.timeout() to a timeout that is not retried', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mapped = mapError(new APIUserAbortError(), 'openai', signal);
    expect({ code: mapped.code, retryable: mapped.retryable }).toEqual({ code: 'timeout', retryable: false });
  });

  it('maps APIConnectionTimeoutError to timeout', () => {
    const mapped = mapError(new APIConnectionTimeoutError(), 'openai');
    expect({ code: mapped.code, retryable: mapped.retryable }).toEqual({ code: 'timeout', retryable: true });
    expect(mapped.message).toContain('timeout');
  });

  it.each<[string, unknown]>([
    ['APIUserAbortError', new APIUserAbortError()],
    ['a DOM AbortError', new DOMException('This operation was aborted', 'AbortError')],
  ])('maps %s to aborted', (_name, error) => {
    const mapped = mapError(error, 'openai');
    expect({ code: mapped.code, retryable: mapped.retryable }).toEqual({ code: 'aborted', retryable: false });
  });

  it('maps anything thrown after the caller aborted to aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapError(new TypeError('terminated'), 'openai', controller.signal).code).toBe('aborted');
  });

  it('maps a connection that breaks mid-body (undici "terminated") to stream_truncated', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const mapped = mapError(new TypeError('terminated', { cause }), 'openai');
    expect(mapped.code).toBe('stream_truncated');
    expect(mapped.message).toContain('other side closed');
  });

  it('maps a stream event that is not JSON to a server error', () => {
    let syntax: unknown;
    try {
      JSON.parse('{"id":');
    } catch (error) {
      syntax = error;
    }
    expect(mapError(syntax, 'openai').code).toBe('server');
  });

  it('keeps an LLMError as it is', () => {
    const error = new LLMError('x', { code: 'auth', provider: 'groq' });
    expect(mapError(error, 'openai')).toBe(error);
  });

  it('maps anything else to unknown, keeping the cause', () => {
    const error = new RangeError('odd');
    const mapped = mapError(error, 'openai');
    expect({ code: mapped.code, cause: mapped.cause }).toEqual({ code: 'unknown', cause: error });
  });

  it('recognizes SDK errors from another copy of the SDK by class name', () => {
    class APIConnectionTimeoutError extends Error {}
    expect(mapError(new APIConnectionTimeoutError('Request timed out.'), 'openai').code).toBe('timeout');
  });
});
