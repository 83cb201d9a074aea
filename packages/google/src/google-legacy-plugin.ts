import { GoogleGenerativeAI } from '@google/generative-ai';
import {
  CORE_CONTRACT_VERSION,
  checkBaseURL,
  type ProviderPlugin,
  registerHeaderSecrets,
  registerSecret,
} from '@switchyard/core';
import { GEMINI_API_KEY_ENV_VARS, missingKeyError, readEnvKey } from './api-key.js';
import { createGoogleLegacyLanguageModel } from './google-legacy-language-model.js';

/** Options of `googleLegacy()`: the same as `google()`'s, with a legacy client. */
export interface GoogleLegacyOptions {
  /** The Gemini API key. Default: `GEMINI_API_KEY`, then `GOOGLE_API_KEY`. */
  apiKey?: string;
  /** The API origin, without the version. Default: `https://generativelanguage.googleapis.com`. */
  baseURL?: string;
  /** The API version in the path. Default: `'v1beta'`. */
  apiVersion?: string;
  /** Extra HTTP headers sent with every request (`x-goog-api-key` and `x-goog-api-client` are reserved by the SDK). */
  headers?: Record<string, string>;
  /** A `GoogleGenerativeAI` instance to use as it is; `apiKey` is then ignored. */
  client?: GoogleGenerativeAI;
  /** The provider name in specs and errors. Default: `'google'`. */
  name?: string;
  /** Timeout for a whole request, streaming included, in milliseconds. Default: none. */
  timeout?: number;
}

/** Options → lazily created `GoogleGenerativeAI` client → plugin. */
export function createGoogleLegacyPlugin(options: GoogleLegacyOptions = {}): ProviderPlugin {
  const name = options.name ?? 'google';
  const apiKeyOption = options.apiKey;
  checkBaseURL(name, options.baseURL);
  // Owned by getClient, which the plugin and each of its models keep (see google-plugin.ts).
  registerSecret(apiKeyOption, getClient);
  registerHeaderSecrets(options.headers, getClient);
  let client: GoogleGenerativeAI | undefined = options.client;

  // Kept in closures: neither the key nor the client is reachable through the plugin object.
  function getClient(): GoogleGenerativeAI {
    if (client !== undefined) return client;
    const apiKey = apiKeyOption ?? readEnvKey(GEMINI_API_KEY_ENV_VARS);
    if (apiKey === undefined || apiKey === '') throw missingKeyError(name, 'googleLegacy');
    registerSecret(apiKey, getClient);
    client = new GoogleGenerativeAI(apiKey);
    return client;
  }

  const modelSettings = {
    provider: name,
    getClient,
    timeoutMs: options.timeout,
    requestOptions: {
      apiVersion: options.apiVersion ?? 'v1beta',
      ...(options.baseURL === undefined ? {} : { baseUrl: options.baseURL }),
      ...(options.headers === undefined ? {} : { customHeaders: { ...options.headers } }),
    },
  };
  return {
    name,
    contractVersion: CORE_CONTRACT_VERSION,
    languageModel: (modelId: string) => createGoogleLegacyLanguageModel(modelId, modelSettings),
  };
}
