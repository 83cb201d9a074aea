import Anthropic from '@anthropic-ai/sdk';
import {
  CORE_CONTRACT_VERSION,
  checkBaseURL,
  createGuardedFetch,
  type LLM,
  LLMError,
  type ProviderPlugin,
  registerHeaderSecrets,
  registerSecret,
} from '@switchyard/core';
import { createAnthropicLanguageModel } from './anthropic-language-model.js';

/** Options of `anthropic()`. Every one is optional. */
export interface AnthropicOptions {
  /** API key; defaults to `ANTHROPIC_API_KEY`, read at the first request. */
  apiKey?: string;
  /** OAuth/bearer token used when there is no API key; defaults to `ANTHROPIC_AUTH_TOKEN`. */
  authToken?: string;
  /** Origin of the API, without `/v1` (the SDK adds `/v1/messages`); defaults to `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com`. */
  baseURL?: string;
  /** Extra headers sent with every request (`anthropic-beta`, `anthropic-version` …). */
  headers?: Record<string, string>;
  /** An `Anthropic` client to use as it is (its key, base URL and fetch); retries are still turned off per request. */
  client?: Anthropic;
  /** Provider name models report and `providerOptions` key; defaults to `"anthropic"`. */
  name?: string;
  /** Milliseconds to wait for the response headers of each request (the SDK's `timeout`). */
  timeout?: number;
  /**
   * `max_tokens` for requests that set no `maxTokens` (Anthropic requires one). Defaults per
   * model family: its maximum output, capped at 32,000 (4,096 for ids that are not Claude).
   */
  defaultMaxTokens?: number;
  /** The largest SSE line or event accepted, in characters; larger ones end the stream with a `server` error. Default 16 MiB. */
  maxEventBytes?: number;
}

/**
 * The Anthropic Messages adapter: `anthropic(options?)` returns a plugin whose models stream
 * through `@anthropic-ai/sdk`. Keys are read lazily, kept in closures and never exposed.
 */
export function anthropic(options: AnthropicOptions = {}): ProviderPlugin {
  const name = options.name ?? 'anthropic';
  // Copies: later changes to the caller's object do not reach the plugin.
  const apiKey = options.apiKey;
  const authToken = options.authToken;
  const baseURL = options.baseURL;
  const headers = options.headers === undefined ? undefined : { ...options.headers };
  const timeout = options.timeout;
  const defaultMaxTokens = options.defaultMaxTokens;
  checkBaseURL(name, baseURL);
  let client: Anthropic | undefined = options.client;
  // Owned by getClient, which the plugin and each of its models keep: a dropped plugin's key
  // and header values are forgotten. Header values are as secret as the key.
  registerSecret(apiKey, getClient);
  registerSecret(authToken, getClient);
  registerHeaderSecrets(headers, getClient);
  registerSecret(client?.apiKey, getClient);
  registerSecret(client?.authToken, getClient);

  function getClient(): Anthropic {
    if (client !== undefined) return client;
    const credential = resolveCredential(apiKey, authToken);
    if (credential === undefined) {
      throw new LLMError(
        `${name}: no Anthropic API key. Set the ANTHROPIC_API_KEY environment variable (or ANTHROPIC_AUTH_TOKEN for a bearer token), or pass \`apiKey\` to anthropic().`,
        { code: 'auth', provider: name, retryable: false },
      );
    }
    registerSecret(credential.value, getClient);
    // The SDK reads ANTHROPIC_BASE_URL when no baseURL is given: a value without a scheme is a config error too.
    if (baseURL === undefined) checkBaseURL(name, readEnv('ANTHROPIC_BASE_URL'), 'ANTHROPIC_BASE_URL');
    client = new Anthropic({
      ...(credential.kind === 'apiKey' ? { apiKey: credential.value } : { authToken: credential.value }),
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(timeout === undefined ? {} : { timeout }),
      maxRetries: 0,
      // Same-origin redirects only (credentials stay home) and error bodies read to a bounded prefix.
      fetch: createGuardedFetch({ provider: name }),
    });
    return client;
  }

  return {
    name,
    contractVersion: CORE_CONTRACT_VERSION,
    languageModel(modelId: string): LLM {
      if (typeof modelId !== 'string' || modelId === '') {
        throw new LLMError(`${name}: a model id is required (for example "claude-sonnet-5-5").`, {
          code: 'invalid_request',
          provider: name,
          retryable: false,
        });
      }
      return createAnthropicLanguageModel(modelId, {
        provider: name,
        getClient,
        headers,
        timeout,
        defaultMaxTokens,
        maxEventBytes: options.maxEventBytes,
      });
    },
  };
}

/** Explicit options first, then the environment; an API key wins over a token, as in the SDK. */
function resolveCredential(
  apiKey: string | undefined,
  authToken: string | undefined,
): { kind: 'apiKey' | 'authToken'; value: string } | undefined {
  if (apiKey) return { kind: 'apiKey', value: apiKey };
  if (authToken) return { kind: 'authToken', value: authToken };
  const envKey = readEnv('ANTHROPIC_API_KEY');
  if (envKey) return { kind: 'apiKey', value: envKey };
  const envToken = readEnv('ANTHROPIC_AUTH_TOKEN');
  if (envToken) return { kind: 'authToken', value: envToken };
  return undefined;
}

function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name]?.trim();
  return value === '' ? undefined : value;
}
