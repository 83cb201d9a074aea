import { openai } from '@switchyard/openai';
import { describeErrorGraph } from '../../core/test/error-graph-suite.js';

describeErrorGraph({
  sdk: 'the openai SDK',
  vendor: 'openai',
  createPlugin: openai,
  baseURL: (origin) => `${origin}/v1`,
  modelId: 'gpt-4o',
});
