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
import OpenAI from 'openai';
import { createLanguageModel } from './openai-language-model.js';
import type { OpenAICompatQuirks } from './presets.js';
import { createResponsesLanguageModel } from './responses/responses-language-model.js';

/** Everything a plugin is built from, after defaults. */
export interface PluginSettings {
  /** The plugin's name: the spec prefix and the `provider` of its models and errors. */
  name: string;
  /** An explicit key; otherwise `apiKeyEnv` is read when the first request is made. */
  apiKey?: string | undefined;
  apiKeyEnv: string | null;
  apiKeyRequired: boolean;
  /** How to create the plugin, for the missing-key message (`openai()`, `openai.preset('groq')`). */
  factoryHint: string;
  /** `undefined` lets the SDK use `OPENAI_BASE_URL` or its default. */
  baseURL?: string | undefined;
  /** `undefined` lets the SDK read `OPENAI_ORG_ID` / `OPENAI_PROJECT_ID`; `null` sends none. */
  organization?: string | null | undefined;
  project?: string | null | undefined;
  headers?: Record<string, string> | undefined;
  timeout?: number | undefined;
  client?: OpenAI | undefined;
  quirks: OpenAICompatQuirks;
  /** Which OpenAI API the models speak (default `'chat'`, Chat Completions). */
  api?: 'chat' | 'responses' | undefined;
  /** The largest SSE line or event accepted (default: core's 16 MiB). */
  maxEventBytes?: number | undefined;
}

/**
 * Builds a plugin. The SDK client is created on the first request, so a missing key is
 * reported then (as an `auth` error naming the variable), not at import or construction.
 * The key and client live in closures: `inspect` and `JSON.stringify` of the plugin or a
 * model show only its name.
 */
export function createPlugin(settings: PluginSettings): ProviderPlugin {
  checkBaseURL(settings.name, settings.baseURL);
  const getClient = createClientGetter(settings);
  const { name, quirks } = settings;
  return Object.freeze({
    name,
    contractVersion: CORE_CONTRACT_VERSION,
    languageModel(modelId: string): LLM {
      if (settings.api === 'responses') {
        return createResponsesLanguageModel({
          provider: name,
          modelId,
          getClient,
          maxEventBytes: settings.maxEventBytes,
        });
      }
      return createLanguageModel({ provider: name, modelId, quirks, getClient, maxEventBytes: settings.maxEventBytes });
    },
  });
}

function createClientGetter(settings: PluginSettings): () => OpenAI {
  let client: OpenAI | undefined = settings.client;
  const getClient = (): OpenAI => {
    if (client === undefined) client = createClient(settings, getClient);
    return client;
  };
  // Owned by the getter, which the plugin and each of its models keep: a dropped plugin's
  // key and header values are forgotten. Header values are as secret as the key.
  registerSecret(settings.apiKey, getClient);
  registerHeaderSecrets(settings.headers, getClient);
  if (client !== undefined) registerSecret(client.apiKey, getClient);
  return getClient;
}

function createClient(settings: PluginSettings, owner: object): OpenAI {
  const apiKey = settings.apiKey || readEnv(settings.apiKeyEnv);
  if (!apiKey && settings.apiKeyRequired) throw missingKeyError(settings);
  // The SDK reads OPENAI_BASE_URL when no baseURL is given: a value without a scheme is a config error too.
  if (settings.baseURL === undefined) checkBaseURL(settings.name, readEnv('OPENAI_BASE_URL'), 'OPENAI_BASE_URL');
  registerSecret(apiKey, owner);
  const headers: Record<string, string | null> = {};
  // The SDK insists on a key; a keyless local server gets a placeholder and no Authorization header.
  if (!apiKey) headers.Authorization = null;
  if (settings.headers) Object.assign(headers, settings.headers);
  try {
    return new OpenAI({
      apiKey: apiKey || 'no-key',
      baseURL: settings.baseURL,
      organization: settings.organization,
      project: settings.project,
      timeout: settings.timeout,
      defaultHeaders: headers,
      // Same-origin redirects only (credentials stay home) and error bodies read to a bounded prefix.
      fetch: createGuardedFetch({ provider: settings.name }),
      // Core owns the only retry loop.
      maxRetries: 0,
    });
  } catch (error) {
    throw new LLMError(`${settings.name}: could not create the OpenAI client: ${(error as Error).message}`, {
      code: 'invalid_request',
      provider: settings.name,
      cause: error,
    });
  }
}

function readEnv(name: string | null): string | undefined {
  if (name === null) return undefined;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value === '' ? undefined : value;
}

function missingKeyError(settings: PluginSettings): LLMError {
  const pass = `{ apiKey } to ${settings.factoryHint}`;
  const env = settings.apiKeyEnv;
  const fix = env === null ? `Pass ${pass}` : `Set the ${env} environment variable or pass ${pass}`;
  return new LLMError(`${settings.name}: no API key. ${fix}.`, {
    code: 'auth',
    provider: settings.name,
    retryable: false,
  });
}
