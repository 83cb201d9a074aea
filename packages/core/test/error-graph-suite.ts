// One suite for every adapter: real SDK errors (an echoing 401/400, a closed port, a silent
// server) must carry no secret anywhere, name host:port and the errno, refuse a base URL
// without a scheme, and report AbortSignal.timeout() as timeout.
import { inspect } from 'node:util';
import {
  type ChatCompletionRequest,
  complete,
  createRegistry,
  isLLMError,
  type LLMError,
  type ProviderPlugin,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { closedPort, type EchoVendor, secretLeaks, startEchoServer, startSilentServer } from './secret-leaks.js';

export interface ErrorGraphOptions {
  /** The SDK, for test names. */
  sdk: string;
  /** The error body shape the echo server answers with. */
  vendor: EchoVendor;
  createPlugin(options: { baseURL?: string; apiKey: string; headers?: Record<string, string> }): ProviderPlugin;
  /** The `baseURL` option for a server at `origin` (`${origin}/v1` for OpenAI). */
  baseURL(origin: string): string;
  modelId: string;
  /** The SDK drops the socket error, so only host:port can be named, not the errno. */
  dropsErrno?: boolean;
  /** The environment variable the SDK reads the base URL from, when the plugin checks it. */
  baseURLEnv?: string;
}

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

export function describeErrorGraph(options: ErrorGraphOptions): void {
  const { createPlugin, modelId } = options;
  // Not key-shaped on purpose: only registration (the key, every header value) can mask them.
  const key = `corp-gateway-${options.vendor}-key-0001`;
  const proxy = `secret-proxy-token-${options.vendor}-77`;
  const short = 'k7!x';

  describe(`no secret in the error graph, through ${options.sdk}`, () => {
    it.each([401, 400])('keeps the key and header values out of a %i that echoes them', async (status) => {
      const echo = await startEchoServer(options.vendor, status);
      try {
        const plugin = createPlugin({
          baseURL: options.baseURL(echo.origin),
          apiKey: key,
          headers: { 'x-proxy-token': proxy, 'x-team': short },
        });
        const error = await failure(() => complete(hi, plugin.languageModel(modelId), { maxRetries: 0 }));
        expect(error.status).toBe(status);
        expect(error.message).toContain('rejected credentials');
        expect(secretLeaks(error, [key, proxy, short])).toEqual([]);
      } finally {
        await echo.close();
      }
    });

    it('shows no key or header value in inspect, JSON or String of the plugin, a model and a registry', () => {
      const plugin = createPlugin({ apiKey: key, headers: { 'x-proxy-token': proxy } });
      for (const value of [plugin, plugin.languageModel(modelId), createRegistry([plugin])]) {
        const shown = [inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY }), JSON.stringify(value)];
        expect([...shown, String(value)].join('\n')).not.toMatch(/corp-gateway|secret-proxy/);
      }
    });
  });

  describe(`connection failures, through ${options.sdk}`, () => {
    it('names 127.0.0.1:<port> (and ECONNREFUSED) for a closed port', async () => {
      const port = await closedPort();
      const model = createPlugin({ baseURL: options.baseURL(`http://127.0.0.1:${port}`), apiKey: key });
      const error = await failure(() => complete(hi, model.languageModel(modelId), { maxRetries: 0 }));
      expect(error.code).toBe('network');
      expect(error.message).toContain(
        options.dropsErrno === true
          ? `Could not reach 127.0.0.1:${port}`
          : `Could not connect to 127.0.0.1:${port} (ECONNREFUSED)`,
      );
    });

    it.each(['localhost:1234', 'ftp://example.com', 'not a url'])(
      'refuses the base URL %j as invalid_request at once, telling to include the scheme',
      (baseURL) => {
        let thrown: unknown;
        try {
          createPlugin({ baseURL, apiKey: key });
        } catch (error) {
          thrown = error;
        }
        expect(isLLMError(thrown)).toBe(true);
        expect(thrown).toMatchObject({ code: 'invalid_request', retryable: false });
        expect((thrown as LLMError).message).toMatch(/http:\/\/ or https:\/\//);
      },
    );

    const env = options.baseURLEnv;
    if (env !== undefined) {
      it(`refuses a base URL without a scheme from ${env} as invalid_request`, async () => {
        const saved = process.env[env];
        process.env[env] = 'localhost:1234';
        try {
          const model = createPlugin({ apiKey: key }).languageModel(modelId);
          const error = await failure(() => complete(hi, model, { maxRetries: 0 }));
          expect({ code: error.code, retryable: error.retryable }).toEqual({
            code: 'invalid_request',
            retryable: false,
          });
          expect(error.message).toContain(env);
        } finally {
          if (saved === undefined) delete process.env[env];
          else process.env[env] = saved;
        }
      });
    }

    it('reports a caller signal from AbortSignal.timeout() as timeout', async () => {
      const silent = await startSilentServer();
      try {
        const model = createPlugin({ baseURL: options.baseURL(silent.origin), apiKey: key }).languageModel(modelId);
        const error = await failure(() => complete(hi, model, { maxRetries: 0, signal: AbortSignal.timeout(200) }));
        expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'timeout', retryable: false });
      } finally {
        await silent.close();
      }
    });
  });
}
