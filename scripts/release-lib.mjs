// Helpers shared by the release scripts (release-check, release-changesets, budgets,
// test-node24): the workspace's packages, running commands (pnpm at the pinned version),
// scratch folders outside the checkout, and plain-text tables.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '');
export const rootDevDependencies = rootManifest.devDependencies ?? {};

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

const dependencyFields = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * The publishable workspace packages, dependencies first: `{ dir, name, version, manifest }`.
 * Order: a package comes after every `@switchyard/*` package it depends or peer-depends on.
 */
export function workspacePackages() {
  const found = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      const manifest = readJson(join(dir, 'package.json'));
      return { dir, short: entry.name, name: manifest.name, version: manifest.version, manifest };
    })
    .filter((pkg) => !pkg.manifest.private)
    .sort((a, b) => a.short.localeCompare(b.short));
  const byName = new Map(found.map((pkg) => [pkg.name, pkg]));
  const ordered = [];
  const visiting = new Set();
  const visit = (pkg) => {
    if (ordered.includes(pkg) || visiting.has(pkg)) return;
    visiting.add(pkg);
    for (const field of dependencyFields) {
      for (const name of Object.keys(pkg.manifest[field] ?? {})) {
        const dependency = byName.get(name);
        if (dependency) visit(dependency);
      }
    }
    ordered.push(pkg);
  };
  for (const pkg of found) visit(pkg);
  return ordered;
}

/** The public entry points of a manifest's `exports` map, e.g. ['.', './testing']. */
export function entryPoints(manifest) {
  return Object.keys(manifest.exports ?? { '.': null }).filter((key) => key !== './package.json');
}

/** `./testing` of `@switchyard/core` → `@switchyard/core/testing`. */
export function specifier(name, entry) {
  return entry === '.' ? name : `${name}/${entry.replace(/^\.\//, '')}`;
}

let pnpmPrefix;
/** The command that runs pnpm at the pinned version: pnpm on PATH when it matches, else npm exec. */
export function pnpmCommand() {
  if (!pnpmPrefix) {
    let onPath;
    try {
      onPath = execFileSync('pnpm', ['--version'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      onPath = undefined;
    }
    pnpmPrefix =
      onPath?.trim() === pnpmVersion
        ? ['pnpm']
        : ['npm', 'exec', '--yes', `--package=pnpm@${pnpmVersion}`, '--', 'pnpm'];
  }
  return pnpmPrefix;
}

// Captured output goes into reports and logs: no terminal colours in it.
const noColor = { NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Runs a command to completion. `capture: true` collects stdout+stderr (interleaved) into
 * `output` instead of printing them. Never throws on a non-zero exit: check `status`.
 */
export function run(command, args, { cwd = root, env, capture = false, input } = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, npm_config_yes: 'true', ...(capture ? noColor : {}), ...env },
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    stdio: capture ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  const output = capture ? `${result.stdout ?? ''}${result.stderr ?? ''}` : '';
  return {
    status: result.error ? 1 : result.status,
    output: result.error ? `${output}${result.error.message}\n` : output,
    stdout: result.stdout ?? '',
    ms: performance.now() - started,
  };
}

/** Same as `run` with `capture: true`, asynchronously (for independent work in parallel). */
export function runAsync(command, args, { cwd = root, env } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, npm_config_yes: 'true', ...noColor, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (data) => {
      output += data;
      stdout += data;
    });
    child.stderr.on('data', (data) => {
      output += data;
    });
    child.on('error', (error) => resolve({ status: 1, output: `${output}${error.message}\n`, stdout, ms: 0 }));
    child.on('close', (status) => resolve({ status: status ?? 1, output, stdout, ms: performance.now() - started }));
  });
}

export function pnpm(args, options) {
  const [command, ...prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], options);
}

/** Runs `tasks` (functions returning promises) with at most `limit` at once; keeps their order. */
export async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * A new empty folder under the OS temp dir, never inside the checkout, with no
 * node_modules in any folder above it (so Node's resolution cannot escape into one).
 */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `switchyard-${prefix}-`));
  const fromRoot = relative(root, dir);
  if (!fromRoot.startsWith('..')) throw new Error(`scratch folder ${dir} is inside the checkout ${root}`);
  for (let up = dirname(dir); ; up = dirname(up)) {
    if (existsSync(join(up, 'node_modules'))) {
      throw new Error(`${join(up, 'node_modules')} exists above the scratch folder ${dir}: remove it or set TMPDIR`);
    }
    if (dirname(up) === up) break;
  }
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

const skippedInCopies = new Set(['node_modules', 'dist', '.git', 'coverage', '.turbo']);

/** Copies the working tree (sources, lockfile, changesets) without installs, builds or git. */
export function copyRepo(dest) {
  cpSync(root, dest, {
    recursive: true,
    filter: (source) => {
      const name = basename(source);
      return !skippedInCopies.has(name) && !name.endsWith('.tgz');
    },
  });
  return dest;
}

/** Formats rows (arrays of cells) under a header as an aligned plain-text table. */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The last `count` lines of a command's output, indented, for a failure report. */
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

export function tail(output, count = 40) {
  const lines = output.replace(ansi, '').trimEnd().split('\n');
  const shown = lines.slice(-count).map((line) => `    ${line}`);
  if (lines.length > count) shown.unshift(`    … ${lines.length - count} earlier lines`);
  return shown.join('\n');
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

export function relativeToRoot(path) {
  return relative(root, path).split(sep).join('/');
}
