import { types } from 'node:util';
import { LLMError, registerSecret, sanitizeCause } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { secretLeaks } from './secret-leaks.js';

const KEY = 'corp-gateway-credential-0042';
registerSecret(KEY);

class FakeSdkError extends Error {
  status = 401;
  headers = new Headers({ 'x-request-id': 'req_1', 'x-echo-authorization': `Bearer ${KEY}`, 'retry-after': '2' });
  error = { message: `bad key ${KEY}`, nested: { authorization: `Bearer ${KEY}`, list: [KEY] } };
  request = { headers: { authorization: `Bearer ${KEY}` }, url: 'http://127.0.0.1/v1' };
  options = { apiKey: KEY };
  requestID = 'req_1';
  get leaky(): string {
    return KEY;
  }
}

function sdkError(): FakeSdkError {
  const socket = Object.assign(new Error(`connect ECONNREFUSED (key ${KEY})`), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    address: '127.0.0.1',
    port: 9,
  });
  const error = new FakeSdkError(`401 Incorrect API key provided: ${KEY}`, {
    cause: new TypeError('fetch failed', { cause: socket }),
  });
  return error;
}

describe('sanitizeCause', () => {
  it('leaves no registered secret anywhere in the cause graph of an LLMError', () => {
    const error = new LLMError('auth failed', { code: 'auth', cause: sdkError() });
    expect(secretLeaks(error, [KEY])).toEqual([]);
  });

  it('keeps the class, the Error-ness and the fields a caller acts on', () => {
    const copy = sanitizeCause(sdkError()) as FakeSdkError & { cause: Error & Record<string, unknown> };
    expect(copy).toBeInstanceOf(FakeSdkError);
    expect(types.isNativeError(copy)).toBe(true);
    expect({ status: copy.status, requestID: copy.requestID }).toEqual({ status: 401, requestID: 'req_1' });
    expect(copy.headers).toEqual({ 'x-request-id': 'req_1', 'retry-after': '2' });
    const socket = copy.cause.cause as unknown as Record<string, unknown>;
    expect(socket).toMatchObject({
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
      address: '127.0.0.1',
      port: 9,
    });
  });

  it('drops request options and clients instead of copying them', () => {
    const copy = sanitizeCause(sdkError()) as unknown as Record<string, unknown>;
    expect([copy.request, copy.options]).toEqual([undefined, undefined]);
  });

  it('stops at five levels of causes', () => {
    let cause: Error = new Error('root');
    for (let i = 0; i < 20; i++) cause = new Error(`level ${i}`, { cause });
    let depth = 0;
    for (let current: unknown = sanitizeCause(cause); current instanceof Error; current = current.cause) depth++;
    expect(depth).toBe(5);
  });

  it('keeps an AggregateError and its inner errors', () => {
    const aggregate = new AggregateError([new Error(`inner ${KEY}`)], 'all failed');
    const copy = sanitizeCause(aggregate) as AggregateError;
    expect(copy).toBeInstanceOf(AggregateError);
    expect(copy.errors[0]).toBeInstanceOf(Error);
    expect(secretLeaks(copy, [KEY])).toEqual([]);
  });

  it('masks a string cause and a plain-object cause', () => {
    expect(secretLeaks(new LLMError('x', { code: 'unknown', cause: `text ${KEY}` }), [KEY])).toEqual([]);
    const plain = { message: KEY, authorization: KEY, nested: [{ text: KEY }] };
    expect(secretLeaks(new LLMError('x', { code: 'unknown', cause: plain }), [KEY])).toEqual([]);
  });

  it('still builds the error when the cause throws while it is read', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error(`trap ${KEY}`);
        },
      },
    );
    const error = new LLMError('x', { code: 'unknown', cause: hostile });
    expect(error.cause).toBeInstanceOf(Error);
    expect(secretLeaks(error, [KEY])).toEqual([]);
  });

  it('bounds a huge message on the cause', () => {
    const copy = sanitizeCause(new Error('z'.repeat(1_000_000))) as Error;
    expect(copy.message.length).toBeLessThan(5000);
  });

  it('masks secrets in the partial message and in attempts', () => {
    const attempt = new LLMError('first', { code: 'server', cause: sdkError() });
    const error = new LLMError('x', {
      code: 'server',
      attempts: [attempt],
      partial: { role: 'assistant', content: `echo ${KEY}`, toolCalls: [], finishReason: 'error' },
    });
    const leaks = secretLeaks(error, [KEY]).filter((where) => !where.startsWith('error.partial'));
    expect(leaks).toEqual([]);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });
});
