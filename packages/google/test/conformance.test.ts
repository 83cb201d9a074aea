import { runConformance } from '@switchyard/conformance';
import { google } from '@switchyard/google';
import { googleLegacy } from '@switchyard/google/legacy';

// Every Gemini recording through the real @google/genai SDK, in every write mode.
runConformance({
  vendor: 'google',
  createPlugin: (baseURL) => google({ baseURL, apiKey: 'test-key' }),
});

// The same recordings through the deprecated @google/generative-ai SDK: the /legacy entry
// shares every mapping, so it must produce the same results.
runConformance({
  vendor: 'google',
  label: 'google-legacy',
  createPlugin: (baseURL) => googleLegacy({ baseURL, apiKey: 'test-key' }),
  // The legacy SDK's own stream reader (it has no raw-body option) reports a bare JSON tail
  // only as an unparsable stream, so the 503 in it cannot become \`overloaded\`.
  skip: ['error-json-tail-overloaded'],
  // Its SDK fetches with the global fetch and reads the body with its own parser (no option
  // for either): floods and bombs are not bounded and a cross-origin redirect is followed.
  // Use the main entry for untrusted servers.
  hostile: { skip: ['comment-flood', 'endless-line', 'data-flood', 'gzip-bomb', 'redirect'] },
});
