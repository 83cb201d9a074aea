// Generates the API reference of the public packages with typedoc into docs/api/ (not
// committed: it is large and generated). typedoc runs on the TypeScript compiler API, which
// TypeScript 7 (the project's native compiler) does not have, so typedoc and the TypeScript 5
// it needs are installed from the npm registry into a cache folder, outside the workspace.
//
//   node scripts/api-docs.mjs           build docs/api (CI runs this to prove it builds)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './release-lib.mjs';

const TYPEDOC = '0.28.20';
const TYPESCRIPT = '5.9.3';
const cache = join(root, 'node_modules', '.cache', `switchyard-typedoc-${TYPEDOC}`);
const bin = join(cache, 'node_modules', 'typedoc', 'bin', 'typedoc');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: 'pipe', ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

if (!existsSync(bin)) {
  mkdirSync(cache, { recursive: true });
  const args = ['install', '--prefix', cache, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
  let out = run('npm', [...args, `typedoc@${TYPEDOC}`, `typescript@${TYPESCRIPT}`]);
  if (out.status !== 0) out = run('npm', [...args, `typedoc@${TYPEDOC}`, `typescript@${TYPESCRIPT}`]);
  if (out.status !== 0) {
    console.error(`installing typedoc failed:\n${out.output}`);
    process.exit(1);
  }
}

// One program over every public entry point, resolving @switchyard/* to their sources.
const entries = {
  '@switchyard/core': 'packages/core/src/index.ts',
  '@switchyard/core/testing': 'packages/core/src/testing/index.ts',
  '@switchyard/openai': 'packages/openai/src/index.ts',
  '@switchyard/anthropic': 'packages/anthropic/src/index.ts',
  '@switchyard/google': 'packages/google/src/index.ts',
  '@switchyard/google/legacy': 'packages/google/src/legacy.ts',
};
const tsconfig = join(cache, 'tsconfig.api.json');
writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        // TypeScript 5 keeps the iterable DOM types (Headers.entries) in their own lib.
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        baseUrl: root,
        paths: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, [join(root, file)]])),
      },
      files: Object.values(entries).map((file) => join(root, file)),
    },
    null,
    2,
  ),
);
const out = join(root, 'docs', 'api');
rmSync(out, { recursive: true, force: true });
const result = run(process.execPath, [
  bin,
  '--tsconfig',
  tsconfig,
  '--out',
  out,
  '--name',
  'switchyard',
  // The README's links point at folders, which typedoc cannot copy; the guides live in docs/.
  '--readme',
  'none',
  // No source links: they would point at a git remote that a clone may not have.
  '--disableSources',
  '--excludePrivate',
  '--excludeInternal',
  '--treatWarningsAsErrors',
  '--logLevel',
  'Warn',
  ...Object.values(entries).flatMap((file) => ['--entryPoints', join(root, file)]),
]);
process.stdout.write(result.output);
if (result.status !== 0 || !existsSync(join(out, 'index.html'))) {
  console.error('API reference: typedoc failed (output above).');
  process.exit(1);
}
console.log(`API reference written to docs/api/ (open docs/api/index.html)`);
