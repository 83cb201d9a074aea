// Installs what the repository needs on a machine with only Node >= 20 and npm:
// pnpm at the pinned version (through npm, no global install), the workspace
// dependencies from the lockfile, and the built packages. Fast when already done.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, '');
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`switchyard needs Node.js >= 20 (this is ${process.version}).`);
  process.exit(1);
}

// Quiet mode (the Quick start's `npm run demo`): no package-manager output unless a step fails,
// and no update banners.
let quiet = false;

function run(command, args) {
  const env = { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false' };
  if (!quiet) {
    execFileSync(command, args, { cwd: root, stdio: 'inherit', env });
    return;
  }
  try {
    execFileSync(command, args, { cwd: root, stdio: 'pipe', env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw error;
  }
}

function installedPnpm() {
  try {
    return execFileSync('pnpm', ['--version'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Runs pnpm at the pinned version: the one on PATH when it matches, else through npm exec. */
export function pnpm(args) {
  if (installedPnpm() === pnpmVersion) run('pnpm', args);
  else run('npm', ['exec', '--yes', '--loglevel=error', `--package=pnpm@${pnpmVersion}`, '--', 'pnpm', ...args]);
}

/** One built file per package: when all exist, the build is skipped (outside CI). */
const BUILT_FILES = [
  'core/dist/index.mjs',
  'openai/dist/index.mjs',
  'anthropic/dist/index.mjs',
  'google/dist/index.mjs',
  'conformance/dist/index.mjs',
  'cli/dist/cli.mjs',
  'otel/dist/index.mjs',
];

export function setup({ build = true, quiet: silent = false } = {}) {
  quiet = silent;
  const installed = existsSync(join(root, 'node_modules', '.modules.yaml'));
  const built = BUILT_FILES.every((file) => existsSync(join(root, 'packages', file)));
  if (silent && (!installed || (build && !built))) {
    console.log('Installing the dependencies and building the packages (first run only, about a minute)…');
  }
  if (!installed || process.env.CI) pnpm(['install', '--frozen-lockfile', ...(silent ? ['--reporter=silent'] : [])]);
  if (build && (!built || process.env.CI)) pnpm(['-r', '--silent', 'build']);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) setup({ quiet: process.argv.includes('--quiet') });
