import { packageConfig } from '../../tsdown.shared.ts';

// ESM only: runConformance registers vitest suites, and vitest cannot be required.
// `replay` is the vitest-free entry (replay server and recordings) for apps and the CLI.
export default packageConfig({ index: 'src/index.ts', replay: 'src/replay.ts' }, { esmOnly: true });
