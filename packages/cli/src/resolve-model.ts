import { anthropic } from '@switchyard/anthropic';
import { createRegistry, defaultRegistry, type LLM, type ProviderPlugin, parseSpec } from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';

/**
 * The model for a spec. The adapters bundled with the CLI are registered explicitly (so the
 * CLI works from any folder); any other provider goes through core's default registry, which
 * loads an installed `@switchyard/<provider>` or explains what to install. `baseURL` points
 * the spec's provider at another server (a proxy, a local model, the replay server).
 */
export async function resolveModel(spec: string, connection: Connection = {}): Promise<LLM> {
  const parsed = parseSpec(spec);
  const provider = parsed?.provider;
  const plugin = provider === undefined ? undefined : bundledPlugin(provider, connection);
  if (plugin !== undefined) return createRegistry([plugin]).resolve(spec);
  const registry = defaultRegistry();
  if (registry.prepare !== undefined) await registry.prepare(spec);
  return registry.resolve(spec);
}

/** Where the bundled adapter sends its requests, and with which key (default: its env vars). */
export interface Connection {
  baseURL?: string;
  apiKey?: string;
}

function bundledPlugin(provider: string, connection: Connection): ProviderPlugin | undefined {
  const options: Connection = {};
  if (connection.baseURL !== undefined) options.baseURL = connection.baseURL;
  if (connection.apiKey !== undefined) options.apiKey = connection.apiKey;
  if (provider === 'openai') return openai(options);
  if (provider === 'openai-responses') {
    // The Responses API, where this @switchyard/openai supports it.
    return openai({ ...options, name: 'openai-responses', api: 'responses' } as Parameters<typeof openai>[0]);
  }
  if (provider === 'anthropic') return anthropic(options);
  if (provider === 'google') return google(options);
  if ((openai.presetNames as readonly string[]).includes(provider)) {
    return openai.preset(provider as (typeof openai.presetNames)[number], options);
  }
  return undefined;
}
