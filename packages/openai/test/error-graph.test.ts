import { openai } from '@switchyard/openai';
import { describeErrorGraph } from '../../core/test/error-graph-suite.js';

describeErrorGraph({
  sdk: 'the openai SDK',
  vendor: 'openai',
  createPlugin: openai,
  baseURL: (origin) => `${origin}/v1`,
  baseURLEnv: 'OPENAI_BASE_URL',
  modelId: 'gpt-4o',
});
