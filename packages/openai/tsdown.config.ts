import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'node',
  target: 'node20',
  // Whitespace and comments removed, names kept (readable stack traces); the JSDoc ships
  // in the .d.ts files. Keeps the packages inside their size budgets (docs/releasing.md).
  minify: { compress: true, mangle: false, codegen: { removeWhitespace: true } },
  outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
});
