import { fileURLToPath } from 'node:url';
import { runConformance } from '../src/run-conformance.js';
import { fetchOpenAI } from './fixtures/fetch-openai-plugin.js';

// The suite a third-party adapter would run, here against a small fetch-based adapter and
// fixture recordings, so runConformance is proven on its own.
runConformance({
  vendor: 'openai',
  label: 'fixture',
  createPlugin: fetchOpenAI,
  recordingsDir: fileURLToPath(new URL('./fixtures/recordings', import.meta.url)),
  // The fixture reads bodies naively (no caps, fetch's own redirects): the hostile suite is
  // proven on the real adapters' conformance tests instead.
  hostile: false,
});
