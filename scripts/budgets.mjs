// Size and start-up budgets, measured on the built packages (dist/), printed as a table.
//
//   - @switchyard/core ESM bundle (the `import` entry of ".", with the chunks it imports
//     statically) ≤ 36 KB gzip: everything core offers (streaming, request validation,
//     redaction, retries, timeouts, hooks, middleware, the tool loop, structured output, the
//     SSE decoder). Raised from 12 KB when those landed (docs/releasing.md#budgets).
//   - a streaming app's share of core, tree-shaken (`streamChatCompletion` alone, bundled
//     and minified with rolldown, the bundler tsdown runs on) ≤ 18 KB gzip: what an app pays
//   - @switchyard/core cold import ≤ 15 ms: the median of 15 fresh `node` processes, each
//     running a module file that times `await import(core)` with performance.now() (one
//     unmeasured run first)
//   - each adapter's own code per entry point (its ESM entry and the chunks it imports;
//     the vendor SDK and core stay external and are not counted) ≤ 10 KB gzip (the openai
//     entry carries both Chat Completions and the Responses API)
//
// gzip is zlib's default level; 1 KB = 1024 bytes (the exact byte count is printed too). A budget miss exits non-zero, naming
// the figure. Adapters' cold imports (vendor SDK included) are printed for information.
// Options: --runs=N (default 15; adapters' informational figures use at most 5).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { entryPoints, relativeToRoot, table, workspacePackages } from './release-lib.mjs';

const runsArg = process.argv.find((arg) => arg.startsWith('--runs='));
const defaultRuns = runsArg ? Number(runsArg.slice('--runs='.length)) : 15;
// Adapters' imports (vendor SDK included) are information only: fewer runs keep CI short.
const infoRuns = Math.min(defaultRuns, 5);

const CORE_BUNDLE_BYTES = 36 * 1024;
const CORE_STREAMING_APP_BYTES = 18 * 1024;
const CORE_IMPORT_MS = 15;
const ADAPTER_BYTES = 10 * 1024;
const adapters = new Set(['@switchyard/openai', '@switchyard/anthropic', '@switchyard/google']);

const KB = (bytes) => `${(bytes / 1024).toFixed(2)} KB (${bytes} B)`;
const rows = [];
const misses = [];
const problems = [];

function check(what, measured, budget, format, detail = '') {
  const ok = measured <= budget;
  rows.push([what, format(measured), `≤ ${format(budget)}`, ok ? 'ok' : 'OVER', detail]);
  if (!ok) misses.push(`${what}: ${format(measured)} is over the budget of ${format(budget)}`);
}

/** The ESM file of an entry point, and every relative module it imports statically. */
function esmGraph(pkgDir, manifest, entry) {
  const target = manifest.exports?.[entry]?.import;
  const file = typeof target === 'string' ? target : target?.default;
  if (!file) throw new Error(`${manifest.name}: exports["${entry}"] has no import target`);
  const start = resolve(pkgDir, file);
  const files = [];
  const externals = new Set();
  const lazy = new Set();
  const visit = (path) => {
    if (files.includes(path)) return;
    if (!existsSync(path)) throw new Error(`${relativeToRoot(path)} is missing: build ${manifest.name} first`);
    files.push(path);
    const code = readFileSync(path, 'utf8');
    const staticImports = [
      ...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"`;]*?\bfrom\s*)?(['"])([^'"]+)\1/g),
    ];
    for (const [, , spec] of staticImports) {
      if (spec.startsWith('.')) visit(resolve(dirname(path), spec));
      else externals.add(spec);
    }
    for (const [, , spec] of code.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)) {
      lazy.add(spec);
    }
  };
  visit(start);
  return { files, externals: [...externals].sort(), lazy: [...lazy].sort() };
}

function gzipSize(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

/** Median, min and max of `runs` cold imports, each in a fresh node process. */
function coldImport(file, runs = defaultRuns) {
  const url = pathToFileURL(file).href;
  // Wall time is the budget; the process's CPU time over the same span is printed beside it
  // to tell a slow import from a busy machine.
  const code = [
    'const c0 = process.cpuUsage();',
    'const t0 = performance.now();',
    `await import(${JSON.stringify(url)});`,
    'const t = performance.now() - t0;',
    'const c = process.cpuUsage(c0);',
    'process.stdout.write(JSON.stringify([t, (c.user + c.system) / 1000]));',
  ].join(' ');
  // Run from a module file, as an application imports core: the ESM loader is up before the
  // clock starts (with `node -e` its start-up, ~6 ms, would be billed to the import).
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-import-'));
  const script = join(dir, 'measure.mjs');
  writeFileSync(script, code);
  const once = () => {
    const out = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`importing ${relativeToRoot(file)} failed:\n${out.stderr}`);
    return JSON.parse(out.stdout);
  };
  let samples;
  try {
    once();
    samples = Array.from({ length: runs }, once);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const times = samples.map(([wall]) => wall).sort((a, b) => a - b);
  return { median: median(times), min: times[0], max: times.at(-1), cpu: median(samples.map(([, cpu]) => cpu)) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const builtins = new Set(builtinModules);
const declared = (manifest) =>
  new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }));
const isBuiltin = (spec) => spec.startsWith('node:') || builtins.has(spec);
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const info = [];
for (const pkg of workspacePackages()) {
  const isCore = pkg.name === '@switchyard/core';
  if (!isCore && !adapters.has(pkg.name)) continue;
  for (const entry of isCore ? ['.'] : entryPoints(pkg.manifest)) {
    const label = `${pkg.name}${entry === '.' ? '' : entry.slice(1)}`;
    let graph;
    try {
      graph = esmGraph(pkg.dir, pkg.manifest, entry);
    } catch (error) {
      problems.push(`${label}: ${error.message}`);
      rows.push([`${label} ESM gzip`, 'not built', `≤ ${KB(isCore ? CORE_BUNDLE_BYTES : ADAPTER_BYTES)}`, 'FAIL', '']);
      continue;
    }
    const undeclared = graph.externals.filter(
      (spec) => !isBuiltin(spec) && !declared(pkg.manifest).has(packageOf(spec)),
    );
    if (undeclared.length > 0) problems.push(`${label} imports undeclared packages: ${undeclared.join(', ')}`);
    const size = gzipSize(graph.files);
    const external = graph.externals.filter((spec) => !isBuiltin(spec));
    const detail = `${graph.files.length} file(s), ${(size.raw / 1024).toFixed(1)} KB raw; external: ${external.join(', ') || 'none'}`;
    check(`${label} ESM gzip`, size.gzip, isCore ? CORE_BUNDLE_BYTES : ADAPTER_BYTES, KB, detail);
    const runs = isCore ? defaultRuns : infoRuns;
    const timing = coldImport(graph.files[0], runs);
    const spread = `min ${timing.min.toFixed(1)} ms, max ${timing.max.toFixed(1)} ms, CPU median ${timing.cpu.toFixed(1)} ms, ${runs} runs`;
    if (isCore)
      check(`${label} cold import (median)`, timing.median, CORE_IMPORT_MS, (ms) => `${ms.toFixed(1)} ms`, spread);
    else info.push([`${label} cold import (median, with its SDK)`, `${timing.median.toFixed(1)} ms`, spread]);
  }
}

// What an app that only streams pays for core once its bundler drops what it does not use.
async function streamingAppBytes() {
  const here = dirname(new URL(import.meta.url).pathname);
  const require = createRequire(join(here, '..', 'runtimes', 'package.json'));
  const { rolldown } = await import(pathToFileURL(require.resolve('rolldown')).href);
  const dir = mkdtempSync(join(here, '..', 'runtimes', '.budget-'));
  const app = join(dir, 'app.mjs');
  writeFileSync(
    app,
    "import { streamChatCompletion } from '@switchyard/core';\nexport const run = (model) => streamChatCompletion({ messages: [] }, {}, model);\n",
  );
  try {
    const build = await rolldown({ input: app, platform: 'neutral', logLevel: 'silent', treeshake: true });
    const { output } = await build.generate({ format: 'esm', minify: true });
    await build.close();
    const code = output.map((chunk) => chunk.code ?? '').join('');
    return { raw: Buffer.byteLength(code), gzip: gzipSync(code).length, files: output.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
try {
  const app = await streamingAppBytes();
  check(
    '@switchyard/core in a streaming app (tree-shaken, minified) gzip',
    app.gzip,
    CORE_STREAMING_APP_BYTES,
    KB,
    `${app.files} chunk(s), ${(app.raw / 1024).toFixed(1)} KB raw; rolldown, streamChatCompletion only`,
  );
} catch (error) {
  problems.push(`the streaming-app bundle could not be built: ${error.message}`);
}

// The same measurement on an empty module: what any first import costs on this machine now.
const emptyDir = mkdtempSync(join(tmpdir(), 'switchyard-budgets-'));
writeFileSync(join(emptyDir, 'empty.mjs'), 'export const empty = true;\n');
const baseline = coldImport(join(emptyDir, 'empty.mjs'));
rmSync(emptyDir, { recursive: true, force: true });
info.push([
  'empty module cold import (median, baseline)',
  `${baseline.median.toFixed(1)} ms`,
  `min ${baseline.min.toFixed(1)} ms, max ${baseline.max.toFixed(1)} ms, CPU median ${baseline.cpu.toFixed(1)} ms, ${defaultRuns} runs`,
]);

console.log(`budgets on Node ${process.version}`);
console.log(table(['budget', 'measured', 'limit', 'status', 'detail'], rows));
if (info.length > 0) {
  console.log('\nfor information (no budget)');
  console.log(table(['figure', 'measured', 'detail'], info));
}
for (const line of [...problems, ...misses]) console.error(`FAIL ${line}`);
if (problems.length + misses.length > 0) {
  console.error(`\nbudgets FAILED: ${misses.length} over budget, ${problems.length} other problems`);
  process.exit(1);
}
console.log('\nbudgets passed');
