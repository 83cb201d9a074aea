import { packageConfig } from '../../tsdown.shared.ts';

// ESM only: runConformance registers vitest suites, and vitest cannot be required.
export default packageConfig({ index: 'src/index.ts' }, { esmOnly: true });
