import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests run against sources; set SWITCHYARD_TEST_DIST=1 to run them against the built output.
const useDist = process.env.SWITCHYARD_TEST_DIST === '1';

export default defineConfig({
  resolve: {
    alias: useDist
      ? []
      : [
          { find: /^@switchyard\/core\/testing$/, replacement: src('core/src/testing/index.ts') },
          { find: /^@switchyard\/core$/, replacement: src('core/src/index.ts') },
          { find: /^@switchyard\/openai$/, replacement: src('openai/src/index.ts') },
          { find: /^@switchyard\/anthropic$/, replacement: src('anthropic/src/index.ts') },
          { find: /^@switchyard\/google\/legacy$/, replacement: src('google/src/legacy.ts') },
          { find: /^@switchyard\/google$/, replacement: src('google/src/index.ts') },
          { find: /^@switchyard\/conformance\/replay$/, replacement: src('conformance/src/replay.ts') },
          { find: /^@switchyard\/conformance$/, replacement: src('conformance/src/index.ts') },
          { find: /^@switchyard\/otel$/, replacement: src('otel/src/index.ts') },
        ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
