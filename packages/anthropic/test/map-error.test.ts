import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { LLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapError } from '../src/map-error.js';

// Errors built the way the SDK builds them: from a status, Anthropic's error body and the headers.
function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}): APIError {
  return APIError.generate(
    status,
    { type: 'error', error: { type, message }, request_id: 'req_1' },
    undefined,
    new Headers(headers),
  );
}

// `event: error` mid-stream: the SDK throws a plain APIError without a status.
function inBandError(type: string, message: string): APIError {
  const body = { type: 'error', error: { details: null, type, message } };
  return new APIError(undefined, body, undefined, new Headers(), type as never);
}

describe('mapError: HTTP errors', () => {
  it.each([
    [400, 'invalid_request_error', 'messages: at least one message is required', 'invalid_request', false],
    [400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', 'context_length', false],
    [401, 'authentication_error', 'invalid x-api-key', 'auth', false],
    [403, 'permission_error', 'Your API key does not have permission', 'permission', false],
    [404, 'not_found_error', 'model: claude-nope', 'not_found', false],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'invalid_request', false],
    [429, 'rate_limit_error', 'This request would exceed the rate limit', 'rate_limit', true],
    [500, 'api_error', 'Internal server error', 'server', true],
    [504, 'timeout_error', 'Request timed out', 'timeout', true],
    [529, 'overloaded_error', 'Overloaded', 'overloaded', true],
  ] as const)('maps %i %s to %s', (status, type, message, code, retryable) => {
    const error = mapError(httpError(status, type, message), 'anthropic');
    expect(error).toBeInstanceOf(LLMError);
    expect({ code: error.code, status: error.status, retryable: error.retryable, provider: error.provider }).toEqual({
      code,
      status,
      retryable,
      provider: 'anthropic',
    });
    expect(error.message).toContain(message);
  });

  it('honours Retry-After on a 429', () => {
    const error = mapError(httpError(429, 'rate_limit_error', 'slow down', { 'retry-after': '7' }), 'anthropic');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('maps a billing error to a rate limit that is not retried', () => {
    const error = mapError(httpError(402, 'billing_error', 'Your credit balance is too low.'), 'anthropic');
    expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
      code: 'rate_limit',
      retryable: false,
      status: 402,
    });
    expect(error.message).toContain('credit balance');
  });

  it('explains the sampling parameters on a 400 when the request sent them', () => {
    const error = mapError(
      httpError(400, 'invalid_request_error', 'temperature: Extra inputs are not permitted'),
      'anthropic',
      {
        sentSamplingParams: true,
      },
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain("'anthropic-version': '2023-06-01'");
  });

  it.each(['enforced_spend_limit_reached', 'contract_spend_limit_reached'])(
    'maps a 429 %s to a rate limit that is not retried (waiting does not lift a spend limit)',
    (errorCode) => {
      const error = mapError(
        APIError.generate(
          429,
          {
            type: 'error',
            error: { type: 'rate_limit_error', message: 'Spend limit reached.', details: { error_code: errorCode } },
          },
          undefined,
          new Headers(),
        ),
        'anthropic',
      );
      expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
        code: 'rate_limit',
        retryable: false,
        status: 429,
      });
      expect(error.message).toContain('Spend limit reached.');
    },
  );

  it('does not blame the sampling parameters for an in-band error: the API accepted the request', () => {
    const error = mapError(inBandError('invalid_request_error', 'Something happened'), 'anthropic', {
      sentSamplingParams: true,
    });
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain('anthropic-version');
  });

  it.each([
    'messages: at least one message is required',
    'max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens',
    'messages.1.content.0.tool_use.id: String should match pattern',
  ])('adds no sampling hint to an unrelated 400 (%s), even when temperature was sent', (message) => {
    const error = mapError(httpError(400, 'invalid_request_error', message), 'anthropic', { sentSamplingParams: true });
    expect(error.message).not.toContain('anthropic-version');
  });

  it.each([
    'top_p: Extra inputs are not permitted',
    '`temperature` and `top_p` cannot both be specified for this model',
  ])('explains a 400 that names the sampling parameters: %s', (message) => {
    const error = mapError(httpError(400, 'invalid_request_error', message), 'anthropic', {
      sentSamplingParams: true,
    });
    expect(error.message).toContain('temperature and topP are sent as temperature and top_p');
  });

  it('maps an abort caused by AbortSignal.timeout() to timeout', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = mapError(new APIUserAbortError(), 'anthropic', { signal });
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'timeout', retryable: false });
  });

  it('keeps the error as it is when the request sent no sampling parameters', () => {
    const error = mapError(httpError(400, 'invalid_request_error', 'bad'), 'anthropic', { sentSamplingParams: false });
    expect(error.message).not.toContain('anthropic-version');
  });
});

describe('mapError: in-band `event: error`', () => {
  it.each([
    ['overloaded_error', 'overloaded', true],
    ['api_error', 'server', true],
    ['rate_limit_error', 'rate_limit', true],
    ['invalid_request_error', 'invalid_request', false],
    ['some_future_error', 'unknown', false],
  ] as const)('maps %s to %s', (type, code, retryable) => {
    const error = mapError(inBandError(type, 'Something happened'), 'anthropic');
    expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
      code,
      retryable,
      status: undefined,
    });
    expect(error.message).toContain('Something happened');
  });
});

describe('mapError: transport failures and aborts', () => {
  it('maps a connection timeout to timeout', () => {
    expect(mapError(new APIConnectionTimeoutError(), 'anthropic').code).toBe('timeout');
  });

  it('maps a connection failure to network, naming the cause', () => {
    const error = mapError(
      new APIConnectionError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }),
      'anthropic',
    );
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['the SDK abort error', new APIUserAbortError()],
    ['a DOM AbortError', new DOMException('This operation was aborted', 'AbortError')],
  ])('maps %s to aborted', (_name, cause) => {
    const error = mapError(cause, 'anthropic');
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'aborted', retryable: false });
  });

  it('maps a socket dropped while the body streams to stream_truncated (the stream was cut short)', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const error = mapError(new TypeError('terminated', { cause }), 'anthropic');
    expect(error.code).toBe('stream_truncated');
    expect(error.message).toContain('other side closed');
  });

  it('does not mistake a programming error for a network failure', () => {
    expect(mapError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'anthropic').code).toBe(
      'unknown',
    );
  });

  it('maps any error to aborted once the caller aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapError(new TypeError('terminated'), 'anthropic', { signal: controller.signal }).code).toBe('aborted');
  });

  it('returns an LLMError unchanged', () => {
    const original = new LLMError('already mapped', { code: 'auth', provider: 'anthropic' });
    expect(mapError(original, 'anthropic')).toBe(original);
  });

  it('maps anything else to unknown with its message', () => {
    const error = mapError(new SyntaxError('Unexpected token'), 'anthropic');
    expect(error.code).toBe('unknown');
    expect(error.message).toContain('Unexpected token');
  });

  it('uses the plugin name as the provider', () => {
    expect(mapError(new APIConnectionTimeoutError(), 'work-claude').provider).toBe('work-claude');
  });
});
