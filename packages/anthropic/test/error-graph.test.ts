import { inspect } from 'node:util';
import { anthropic } from '@switchyard/anthropic';
import { type ChatCompletionRequest, complete, createRegistry, isLLMError, type LLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { closedPort, secretLeaks, startEchoServer, startSilentServer } from '../../core/test/secret-leaks.js';

// Not key-shaped on purpose: only registration (the key, every header value) can mask them.
const KEY = 'corp-gateway-anthropic-key-0001';
const PROXY = 'secret-proxy-token-anthropic-77';
const SHORT = 'k7!x';
const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };

async function failure(run: () => Promise<unknown>): Promise<LLMError> {
  try {
    await run();
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('no secret in the error graph, through the Anthropic SDK', () => {
  it.each([401, 400])('keeps the key and header values out of a %i that echoes them', async (status) => {
    const echo = await startEchoServer('anthropic', status);
    try {
      const plugin = anthropic({
        baseURL: echo.origin,
        apiKey: KEY,
        headers: { 'x-proxy-token': PROXY, 'x-team': SHORT },
      });
      const error = await failure(() => complete(hi, plugin.languageModel('claude-sonnet-4-5'), { maxRetries: 0 }));
      expect(error.status).toBe(status);
      expect(error.message).toContain('rejected credentials');
      expect(secretLeaks(error, [KEY, PROXY, SHORT])).toEqual([]);
    } finally {
      await echo.close();
    }
  });

  it('shows no key or header value in inspect, JSON or String of the plugin, a model and a registry', () => {
    const plugin = anthropic({ apiKey: KEY, headers: { 'x-proxy-token': PROXY } });
    const registry = createRegistry([plugin]);
    for (const value of [plugin, plugin.languageModel('claude-sonnet-4-5'), registry]) {
      const text = [
        inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
        JSON.stringify(value),
        String(value),
      ];
      expect(text.join('\n')).not.toMatch(/corp-gateway|secret-proxy/);
    }
  });
});

describe('connection failures, through the Anthropic SDK', () => {
  it('names 127.0.0.1:<port> and ECONNREFUSED for a closed port', async () => {
    const port = await closedPort();
    const model = anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: KEY }).languageModel('claude-sonnet-4-5');
    const error = await failure(() => complete(hi, model, { maxRetries: 0 }));
    expect(error.code).toBe('network');
    expect(error.message).toContain(`Could not connect to 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it.each(['localhost:1234', 'ftp://example.com', 'not a url'])(
    'refuses the base URL %j as invalid_request at once, telling to include the scheme',
    (baseURL) => {
      let thrown: unknown;
      try {
        anthropic({ baseURL, apiKey: KEY });
      } catch (error) {
        thrown = error;
      }
      expect(isLLMError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ code: 'invalid_request', retryable: false });
      expect((thrown as LLMError).message).toMatch(/http:\/\/ or https:\/\//);
    },
  );

  it('reports a caller signal from AbortSignal.timeout() as timeout', async () => {
    const silent = await startSilentServer();
    try {
      const model = anthropic({ baseURL: silent.origin, apiKey: KEY }).languageModel('claude-sonnet-4-5');
      const error = await failure(() => complete(hi, model, { maxRetries: 0, signal: AbortSignal.timeout(200) }));
      expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'timeout', retryable: false });
    } finally {
      await silent.close();
    }
  });
});
