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

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
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
  else run('npm', ['exec', '--yes', `--package=pnpm@${pnpmVersion}`, '--', 'pnpm', ...args]);
}

export function setup({ build = true } = {}) {
  const installed = existsSync(join(root, 'node_modules', '.modules.yaml'));
  if (!installed || process.env.CI) pnpm(['install', '--frozen-lockfile']);
  const built = ['core', 'openai', 'anthropic', 'google', 'conformance', 'cli', 'otel'].every((name) =>
    existsSync(join(root, 'packages', name, 'dist', 'index.mjs')),
  );
  if (build && (!built || process.env.CI)) pnpm(['-r', '--silent', 'build']);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) setup();
