import { runConformance } from '@switchyard/conformance';
import { openai } from '@switchyard/openai';

// Every OpenAI recording through the real `openai` SDK against the replay server, in every
// write mode, plus truncation, HTTP errors, retries, aborts and early exits.
runConformance({
  vendor: 'openai',
  createPlugin: (baseURL) => openai({ baseURL, apiKey: 'test-key' }),
});
