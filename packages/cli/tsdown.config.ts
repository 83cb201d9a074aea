import { packageConfig } from '../../tsdown.shared.ts';

// A command, not a library: one ESM entry with its shebang.
export default packageConfig({ cli: 'src/cli.ts' }, { esmOnly: true });
