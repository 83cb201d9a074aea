import { anthropic } from '@switchyard/anthropic';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import type { LLM } from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll } from 'vitest';

/** The three adapters switchyard ships, each driving its real vendor SDK. */
export type Vendor = 'openai' | 'anthropic' | 'google';
export const VENDORS: readonly Vendor[] = ['openai', 'anthropic', 'google'];

/** One replay server for the file; `model(vendor, scenario)` talks to it through the vendor's SDK. */
export function useThreeVendors(): {
  readonly server: ReplayServer;
  model(vendor: Vendor, scenario: string): LLM;
} {
  let running: ReplayServer | undefined;
  beforeAll(async () => {
    running = await startReplayServer();
  });
  afterAll(async () => {
    await running?.close();
  });
  const self = {
    get server(): ReplayServer {
      if (running === undefined) throw new Error('the replay server is not running');
      return running;
    },
    model(vendor: Vendor, scenario: string): LLM {
      const server = self.server;
      switch (vendor) {
        case 'openai':
          return openai({ baseURL: server.baseURL('openai'), apiKey: 'sk-test-0123456789abcdef' }).languageModel(
            scenario,
          );
        case 'anthropic':
          return anthropic({ baseURL: server.origin, apiKey: 'test-key' }).languageModel(scenario);
        case 'google':
          return google({ baseURL: server.origin, apiKey: 'test-key' }).languageModel(scenario);
      }
    },
  };
  return self;
}
