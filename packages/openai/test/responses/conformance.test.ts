import { runConformance } from '@switchyard/conformance';
import { openai } from '@switchyard/openai';

// Every OpenAI Responses recording through the real `openai` SDK (`responses.create`) against
// the replay server, in every write mode, plus truncation, HTTP errors, retries, aborts and
// early exits.
runConformance({
  vendor: 'openai-responses',
  createPlugin: (baseURL) => openai({ baseURL, apiKey: 'test-key', api: 'responses', name: 'openai-responses' }),
});
