import { anthropic } from '@switchyard/anthropic';
import { describeErrorGraph } from '../../core/test/error-graph-suite.js';

describeErrorGraph({
  sdk: 'the Anthropic SDK',
  vendor: 'anthropic',
  createPlugin: anthropic,
  baseURL: (origin) => origin,
  baseURLEnv: 'ANTHROPIC_BASE_URL',
  modelId: 'claude-sonnet-4-5',
});
