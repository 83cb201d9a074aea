import { runConformance } from '@switchyard/conformance';
import { anthropic } from '../src/index.js';

runConformance({
  vendor: 'anthropic',
  createPlugin: (baseURL) => anthropic({ baseURL, apiKey: 'test-key' }),
  // Every stream shape truncation can break; `large` (2,700 events) would take minutes to cut at each one.
  cutScenarios: [
    'text-basic',
    'thinking-signature',
    'redacted-thinking',
    'thinking-tool-use',
    'tool-use-fragmented',
    'tool-use-multiple',
    'server-tool-web-search',
    'unicode-split',
  ],
});
