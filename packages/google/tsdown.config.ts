import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', legacy: 'src/legacy.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'node',
  target: 'node20',
});
