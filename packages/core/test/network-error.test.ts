import { checkBaseURL, describeConnectionFailure, isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

const socketError = (code: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(`connect ${code}`), { code, ...fields });
// As Node's fetch and the SDKs nest it: SDK error → TypeError "fetch failed" → socket error.
const wrapped = (cause: unknown) => new Error('Connection error.', { cause: new TypeError('fetch failed', { cause }) });

describe('describeConnectionFailure', () => {
  it.each<[string, unknown, string]>([
    [
      'a refused connection',
      wrapped(socketError('ECONNREFUSED', { address: '127.0.0.1', port: 9 })),
      'Could not connect to 127.0.0.1:9 (ECONNREFUSED)',
    ],
    [
      'both addresses of localhost refused (AggregateError)',
      wrapped(
        Object.assign(
          new AggregateError([socketError('ECONNREFUSED', { address: '::1', port: 1234 })], 'connect failed'),
          { code: 'ECONNREFUSED' },
        ),
      ),
      'Could not connect to ::1:1234 (ECONNREFUSED)',
    ],
    [
      'an unknown host',
      wrapped(socketError('ENOTFOUND', { hostname: 'api.nosuch.example' })),
      'Could not resolve the host api.nosuch.example (ENOTFOUND)',
    ],
    [
      'a DNS timeout',
      wrapped(socketError('EAI_AGAIN', { hostname: 'api.example.com' })),
      'api.example.com (EAI_AGAIN)',
    ],
    [
      'a reset connection',
      wrapped(socketError('ECONNRESET', { address: '10.0.0.1', port: 443 })),
      'The connection to 10.0.0.1:443 was closed (ECONNRESET)',
    ],
    [
      'a connect timeout',
      wrapped(socketError('UND_ERR_CONNECT_TIMEOUT', {})),
      'Connecting to the server timed out (UND_ERR_CONNECT_TIMEOUT)',
    ],
    [
      'an SDK that keeps only the URL in its message',
      new Error('Error fetching from http://127.0.0.1:4000/v1beta/models/x: fetch failed'),
      'Could not reach 127.0.0.1:4000',
    ],
  ])('names what failed for %s', (_label, error, expected) => {
    expect(describeConnectionFailure(error)).toContain(expected);
  });

  it('says what to check when nothing is known', () => {
    expect(describeConnectionFailure(new Error('Connection error.'))).toBe(
      'Could not reach the server (Connection error.). Check baseURL and the network.',
    );
  });
});

describe('checkBaseURL', () => {
  it.each(['http://localhost:1234/v1', 'https://api.openai.com/v1', undefined])('accepts %j', (baseURL) => {
    expect(() => checkBaseURL('openai', baseURL)).not.toThrow();
  });

  it.each<[string, string]>([
    ['localhost:1234', 'for example "http://localhost:1234"'],
    ['127.0.0.1:8080/v1', 'for example "http://127.0.0.1:8080/v1"'],
    ['ftp://example.com', 'is not an http:// or https:// URL'],
    ['', 'is not an http:// or https:// URL'],
  ])('refuses %j as invalid_request, saying to include the scheme', (baseURL, expected) => {
    let thrown: unknown;
    try {
      checkBaseURL('openai', baseURL);
    } catch (error) {
      thrown = error;
    }
    expect(isLLMError(thrown) && thrown.code === 'invalid_request' && !thrown.retryable).toBe(true);
    expect((thrown as Error).message).toContain(expected);
  });

  it('does not echo credentials written before an @', () => {
    expect(() => checkBaseURL('openai', 'user:hunter2pass@proxy.internal:8080')).toThrow(/^(?!.*hunter2pass)/);
  });
});
