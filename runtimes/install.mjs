// Installs the runtimes of the smoke suite from the package registries, once, into the
// runtimes cache beside Node's (scripts/install-node.mjs): Bun, Deno and Miniflare (workerd)
// as npm packages whose binaries ship inside them, playwright-core to drive Chromium, and
// Debian's chromium package. Nothing is installed globally except the Debian package.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimesDir } from '../scripts/install-node.mjs';

/** The versions the suite runs on (docs/runtimes.md is generated with them). */
export const VERSIONS = {
  node: ['20.0.0', '22.23.5', '24.21.0'],
  bun: '1.4.4',
  deno: '2.9.6',
  miniflare: '4.20260730.0',
  playwright: '1.65.1',
};

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      ...options,
      env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout?.on('data', (data) => {
      output += data;
    });
    child.stderr?.on('data', (data) => {
      output += data;
    });
    child.on('error', (error) => resolve({ status: 1, output: `${output}${error.message}` }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** `npm install <spec>` into its own folder of the cache (once; renamed into place when done). */
async function installPackage(name, spec, binary) {
  const target = join(runtimesDir(), name);
  const path = join(target, binary);
  if (existsSync(path)) return path;
  mkdirSync(runtimesDir(), { recursive: true });
  const work = `${target}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const args = ['install', '--prefix', work, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec];
  let out = await run('npm', args);
  if (out.status !== 0) out = await run('npm', args);
  if (out.status !== 0) throw new Error(`npm install ${spec} failed:\n${out.output.slice(-3000)}`);
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  if (!existsSync(path)) throw new Error(`npm install ${spec} did not provide ${binary}`);
  return path;
}

export const installBun = () => installPackage(`bun-${VERSIONS.bun}`, `bun@${VERSIONS.bun}`, 'node_modules/.bin/bun');
export const installDeno = () =>
  installPackage(`deno-${VERSIONS.deno}`, `deno@${VERSIONS.deno}`, 'node_modules/.bin/deno');
/** The folder whose node_modules holds miniflare (imported by the runner from there). */
export const installMiniflare = () =>
  installPackage(
    `miniflare-${VERSIONS.miniflare}`,
    `miniflare@${VERSIONS.miniflare}`,
    'node_modules/miniflare/package.json',
  );
export const installPlaywright = () =>
  installPackage(
    `playwright-core-${VERSIONS.playwright}`,
    `playwright-core@${VERSIONS.playwright}`,
    'node_modules/playwright-core/package.json',
  );

/** Debian's chromium (about 45 s on a fresh machine); its path. */
export async function installChromium() {
  const path = '/usr/bin/chromium';
  if (existsSync(path)) return path;
  let out = await run('apt-get', ['update', '-qq']);
  if (out.status === 0) out = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  if (out.status !== 0 || !existsSync(path))
    throw new Error(`apt-get install chromium failed:\n${out.output.slice(-3000)}`);
  return path;
}

/** Node at one of the suite's versions, in a child process so that several download at once. */
export async function installNodeVersion(version) {
  const binary = join(runtimesDir(), `node-${version}`, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const out = await run(process.execPath, [
    fileURLToPath(new URL('../scripts/install-node.mjs', import.meta.url)),
    version,
  ]);
  if (out.status !== 0) throw new Error(`installing Node ${version} failed:\n${out.output.slice(-3000)}`);
  return out.output.trim().split('\n').at(-1);
}
