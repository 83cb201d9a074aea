import { GoogleGenAI, type HttpOptions } from '@google/genai';
import {
  CORE_CONTRACT_VERSION,
  checkBaseURL,
  type ProviderPlugin,
  registerHeaderSecrets,
  registerSecret,
} from '@switchyard/core';
import { GEMINI_API_KEY_ENV_VARS, missingKeyError, readEnvKey } from './api-key.js';
import { createGoogleLanguageModel } from './google-language-model.js';

/** Options of `google()`. */
export interface GoogleOptions {
  /** The Gemini API key. Default: `GEMINI_API_KEY`, then `GOOGLE_API_KEY`. */
  apiKey?: string;
  /**
   * The API origin, without the version (`http://localhost:8080`). Default: the SDK's
   * (`GOOGLE_GEMINI_BASE_URL` when set, else `https://generativelanguage.googleapis.com`).
   */
  baseURL?: string;
  /** The API version in the path. Default: `'v1beta'` (where thinking, thought signatures and most features live). */
  apiVersion?: string;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * A `GoogleGenAI` instance to use as it is (Vertex AI, custom auth …); `apiKey`, `baseURL`,
   * `apiVersion` and `headers` are then ignored. Its retries are turned off per request.
   */
  client?: GoogleGenAI;
  /** The provider name in specs and errors. Default: `'google'`. */
  name?: string;
  /** Timeout for a whole request, streaming included, in milliseconds. Default: none. */
  timeout?: number;
  /** Milliseconds to wait for the response headers of each request. Default: 300,000 (5 minutes). */
  headersTimeout?: number;
  /** The largest SSE line or event accepted, in characters; larger ones end the stream with a `server` error. Default 16 MiB. */
  maxEventBytes?: number;
}

// `@google/genai` turns undici's header and body timeouts off; this puts the header one back.
const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;

/** Options → lazily created `GoogleGenAI` client → plugin. */
export function createGooglePlugin(options: GoogleOptions = {}): ProviderPlugin {
  const name = options.name ?? 'google';
  // Everything below lives in this closure: neither the key nor the client is reachable
  // through the plugin object (so `inspect` and `JSON.stringify` never show them).
  const settings = {
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    apiVersion: options.apiVersion ?? 'v1beta',
    headers: options.headers,
  };
  checkBaseURL(name, settings.baseURL);
  // Owned by getClient, which the plugin and each of its models keep: a dropped plugin's key
  // and header values are forgotten. Header values are as secret as the key.
  registerSecret(settings.apiKey, getClient);
  registerHeaderSecrets(settings.headers, getClient);
  let client: GoogleGenAI | undefined = options.client;

  function getClient(): GoogleGenAI {
    if (client !== undefined) return client;
    const apiKey = settings.apiKey ?? readEnvKey(GEMINI_API_KEY_ENV_VARS);
    if (apiKey === undefined || apiKey === '') throw missingKeyError(name, 'google');
    registerSecret(apiKey, getClient);
    const httpOptions: HttpOptions = {};
    if (settings.baseURL !== undefined) httpOptions.baseUrl = settings.baseURL;
    if (settings.headers !== undefined) httpOptions.headers = { ...settings.headers };
    // No `retryOptions`: without them the SDK sends each request once (core owns retries).
    client = new GoogleGenAI({ apiKey, vertexai: false, apiVersion: settings.apiVersion, httpOptions });
    return client;
  }

  const modelSettings = {
    provider: name,
    getClient,
    timeoutMs: options.timeout,
    headersTimeoutMs: options.headersTimeout ?? DEFAULT_HEADERS_TIMEOUT_MS,
    maxEventBytes: options.maxEventBytes,
    // A client passed in may have been built with retries: switch them off for our requests.
    httpOptions: options.client === undefined ? undefined : { retryOptions: { attempts: 1 } },
  };
  return {
    name,
    contractVersion: CORE_CONTRACT_VERSION,
    languageModel: (modelId: string) => createGoogleLanguageModel(modelId, modelSettings),
  };
}
