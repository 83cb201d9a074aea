import { LLMError, type ProviderPlugin } from '@switchyard/core';
import type OpenAI from 'openai';
import { createPlugin } from './openai-plugin.js';
import {
  isPresetName,
  OPENAI_QUIRKS,
  type OpenAICompatQuirks,
  type OpenAIPreset,
  type PresetName,
  presetNames,
  presets,
} from './presets.js';

/** Options of `openai()`. Every one is optional. */
export interface OpenAIProviderOptions {
  /** Default: the `OPENAI_API_KEY` environment variable, read when the first request is made. */
  apiKey?: string;
  /** Default: the `OPENAI_BASE_URL` environment variable, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. Default: the `OPENAI_ORG_ID` environment variable. */
  organization?: string;
  /** Sent as `OpenAI-Project`. Default: the `OPENAI_PROJECT_ID` environment variable. */
  project?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** An `openai` SDK client to use as it is (its own key, base URL, retries and timeout apply). */
  client?: OpenAI;
  /** The plugin's name, the spec prefix (`"openai"`); set it to register the adapter twice. */
  name?: string;
  /** Milliseconds to wait for the response headers (the SDK's default: 10 minutes). */
  timeout?: number;
  /** The largest SSE line or event accepted, in characters; larger ones end the stream with a `server` error. Default 16 MiB. */
  maxEventBytes?: number;
  /** Dialect differences of the server at `baseURL`, over OpenAI's own. */
  quirks?: Partial<OpenAICompatQuirks>;
  /**
   * `'chat'` (default): the Chat Completions API. `'responses'`: the Responses API, for
   * reasoning summaries, encrypted reasoning across turns and Responses-only models.
   */
  api?: 'chat' | 'responses';
}

/** Options of `openai.preset(name, options)`: the preset supplies the rest. */
export interface OpenAIPresetOptions {
  /** Default: the preset's environment variable (`GROQ_API_KEY` …), read at the first request. */
  apiKey?: string;
  /** Default: the preset's base URL (e.g. a remote Ollama at `http://gpu-box:11434/v1`). */
  baseURL?: string;
  headers?: Record<string, string>;
  client?: OpenAI;
  /** Default: the preset's name. */
  name?: string;
  timeout?: number;
  /** The largest SSE line or event accepted (default 16 MiB). */
  maxEventBytes?: number;
  /** Overrides of the preset's quirks. */
  quirks?: Partial<OpenAICompatQuirks>;
}

/** `openai(options)` builds the OpenAI plugin; `openai.preset(name)` an OpenAI-compatible one. */
export interface OpenAIFactory {
  (options?: OpenAIProviderOptions): ProviderPlugin;
  /** A plugin for an OpenAI-compatible service, named after the preset (`groq:llama-3.3-70b`). */
  preset(name: PresetName, options?: OpenAIPresetOptions): ProviderPlugin;
  /** The preset names, in table order. */
  readonly presetNames: readonly PresetName[];
  /** The preset table. */
  readonly presets: Readonly<Record<PresetName, Readonly<OpenAIPreset>>>;
}

function createOpenAI(options: OpenAIProviderOptions = {}): ProviderPlugin {
  return createPlugin({
    name: options.name ?? 'openai',
    apiKey: options.apiKey,
    apiKeyEnv: 'OPENAI_API_KEY',
    apiKeyRequired: true,
    factoryHint: 'openai()',
    baseURL: options.baseURL,
    organization: options.organization,
    project: options.project,
    headers: options.headers,
    timeout: options.timeout,
    client: options.client,
    maxEventBytes: options.maxEventBytes,
    quirks: { ...OPENAI_QUIRKS, ...options.quirks },
    api: options.api,
  });
}

function createPreset(name: PresetName, options: OpenAIPresetOptions = {}): ProviderPlugin {
  if (typeof name !== 'string' || !isPresetName(name)) {
    throw new LLMError(
      `Unknown OpenAI-compatible preset ${JSON.stringify(name)}. Presets: ${presetNames.join(', ')}.`,
      {
        code: 'invalid_request',
      },
    );
  }
  const preset = presets[name];
  return createPlugin({
    name: options.name ?? name,
    apiKey: options.apiKey,
    apiKeyEnv: preset.apiKeyEnv,
    apiKeyRequired: preset.apiKeyRequired,
    factoryHint: `openai.preset('${name}')`,
    baseURL: options.baseURL ?? preset.baseURL,
    // OpenAI's organization and project headers are not for other services.
    organization: null,
    project: null,
    headers: options.headers,
    timeout: options.timeout,
    client: options.client,
    maxEventBytes: options.maxEventBytes,
    quirks: { ...preset.quirks, ...options.quirks },
  });
}

/**
 * The OpenAI Chat Completions adapter.
 *
 * ```ts
 * const registry = createRegistry([openai(), openai.preset('groq'), openai.preset('ollama')]);
 * registry.resolve('groq:llama-3.3-70b-versatile');
 * ```
 */
export const openai: OpenAIFactory = Object.assign(createOpenAI, {
  preset: createPreset,
  presetNames,
  presets,
});

export type { OpenAICompatQuirks, OpenAIPreset, PresetName };
export { presetNames, presets };
