import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The build every package shares: ESM + CJS (or ESM only) with .d.ts, for Node 20. The
 * JavaScript ships with whitespace and comments removed but names kept (readable stack
 * traces); the JSDoc ships in the .d.ts files. See docs/releasing.md for the budgets.
 */
export function packageConfig(entry: Record<string, string>, options: { esmOnly?: boolean } = {}): UserConfig {
  return defineConfig({
    entry,
    format: options.esmOnly ? ['esm'] : ['esm', 'cjs'],
    dts: true,
    clean: true,
    platform: 'node',
    target: 'node20',
    minify: { compress: true, mangle: false, codegen: { removeWhitespace: true } },
    outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
  });
}
