import { describe, expect, it } from 'vitest';
import { mapResponseError } from '../../src/responses/map-error.js';

describe('mapResponseError', () => {
  it.each([
    ['server_error', 'server', true],
    ['rate_limit_exceeded', 'rate_limit', true],
    ['insufficient_quota', 'rate_limit', false],
    ['context_length_exceeded', 'context_length', false],
    ['invalid_prompt', 'invalid_request', false],
    ['invalid_image_url', 'invalid_request', false],
    ['image_too_large', 'invalid_request', false],
    ['bio_policy', 'content_filter', false],
  ])('maps %s to %s', (vendorCode, code, retryable) => {
    const error = mapResponseError({ code: vendorCode, message: 'It failed.' }, 'openai-responses');
    expect({ code: error.code, retryable: error.retryable, provider: error.provider }).toEqual({
      code,
      retryable,
      provider: 'openai-responses',
    });
    expect(error.message).toContain('It failed.');
  });

  it('treats an in-band error without a code as the server failing', () => {
    expect(mapResponseError({ message: 'Oops.' }, 'openai').code).toBe('server');
    expect(mapResponseError(null, 'openai').code).toBe('server');
  });
});
