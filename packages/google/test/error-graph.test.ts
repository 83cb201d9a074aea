import { google } from '@switchyard/google';
import { googleLegacy } from '@switchyard/google/legacy';
import { describeErrorGraph } from '../../core/test/error-graph-suite.js';

describeErrorGraph({
  sdk: '@google/genai',
  vendor: 'google',
  createPlugin: google,
  baseURL: (origin) => origin,
  modelId: 'gemini-2.5-flash',
});

describeErrorGraph({
  sdk: '@google/generative-ai',
  vendor: 'google',
  createPlugin: googleLegacy,
  baseURL: (origin) => origin,
  modelId: 'gemini-2.5-flash',
  // Its fetch errors keep the URL in the message but drop the socket error underneath.
  dropsErrno: true,
});
