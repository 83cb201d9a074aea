import { anthropic } from '@switchyard/anthropic';
import type { ReplayServer } from '@switchyard/conformance';
import type { ChatCompletionRequest, ProviderPlugin } from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';

/** The three vendors whose adapters these tests drive. */
export type Vendor = 'openai' | 'anthropic' | 'google';

export const VENDORS: readonly Vendor[] = ['openai', 'anthropic', 'google'];

/** A small request with settings the spans record. */
export const hi: ChatCompletionRequest = {
  messages: [{ role: 'user', content: 'Hi' }],
  temperature: 0.5,
  maxTokens: 64,
};

/** Keeps retry backoff in the low milliseconds. */
export const fast = { initialMs: 1, maxMs: 5 } as const;

/** Each vendor's plugin, its SDK pointed at the replay server (keys are test values). */
export function replayPlugins(server: ReplayServer): Record<Vendor, ProviderPlugin> {
  return {
    openai: openai({ baseURL: server.baseURL('openai'), apiKey: 'sk-test-0123456789abcdef' }),
    anthropic: anthropic({ baseURL: server.baseURL('anthropic'), apiKey: 'sk-ant-test-0123456789' }),
    google: google({ baseURL: server.baseURL('google'), apiKey: 'AIza-test-0123456789' }),
  };
}
