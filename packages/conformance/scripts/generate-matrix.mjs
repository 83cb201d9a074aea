#!/usr/bin/env node
// Writes docs/conformance.md from an actual conformance run: a scenario × adapter matrix
// built from vitest's JSON report, plus every recording's description.
//
//   node packages/conformance/scripts/generate-matrix.mjs            run the suites, write the doc
//   node packages/conformance/scripts/generate-matrix.mjs --report r.json   use an existing report
//   node packages/conformance/scripts/generate-matrix.mjs --check    fail when the doc is stale
//   --out <file>   write elsewhere (default: docs/conformance.md)
//
// Test names follow runConformance's convention "<adapter> › <group> › <mode>"; the
// enclosing suite is "conformance: <adapter> (<vendor> wire format)".

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEP = ' › ';
const VENDORS = ['openai', 'openai-responses', 'anthropic', 'google'];
// Groups runConformance registers besides recordings; shown in their own table.
const BEHAVIOURS = [
  'plugin',
  'recordings',
  'http-errors',
  'retries',
  'abort',
  'early-exit',
  'hostile',
  'unhandled-rejections',
];
const PASS = '✅';
const FAIL = '❌';
const SKIP = '—';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '..', '..');
const recordingsDir = join(packageDir, 'recordings');

function parseArgs(argv) {
  const args = { report: undefined, out: join(repoRoot, 'docs', 'conformance.md'), check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--report') args.report = resolve(argv[++i] ?? '');
    else if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else if (arg === '--check') args.check = true;
    else throw new Error(`unknown argument ${arg}; use --report <file>, --out <file> or --check`);
  }
  return args;
}

/**
 * Every adapter's conformance test file: packages/<name>/test/conformance.test.ts, and one
 * folder down for a second API of one package (packages/openai/test/responses/).
 */
function conformanceTestFiles() {
  const packages = join(repoRoot, 'packages');
  const files = [];
  for (const name of readdirSync(packages)) {
    const test = join(packages, name, 'test');
    if (!existsSync(test)) continue;
    files.push(join(test, 'conformance.test.ts'));
    for (const entry of readdirSync(test, { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(join(test, entry.name, 'conformance.test.ts'));
    }
  }
  return files.filter((file) => existsSync(file)).map((file) => relative(repoRoot, file));
}

/** Runs vitest with the JSON reporter and returns the parsed report (failures included). */
function runSuites() {
  const files = conformanceTestFiles();
  if (files.length === 0) throw new Error('no packages/*/test/conformance.test.ts found');
  const dir = mkdtempSync(join(tmpdir(), 'conformance-matrix-'));
  const outputFile = join(dir, 'report.json');
  try {
    const run = spawnSync(
      'pnpm',
      ['exec', 'vitest', 'run', '--reporter=json', `--outputFile=${outputFile}`, ...files],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    // A failing adapter is what the matrix reports, so only a missing report is fatal.
    if (!existsSync(outputFile)) throw new Error(`vitest wrote no report (exit ${run.status})`);
    return JSON.parse(readFileSync(outputFile, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each test's adapter, vendor, group, mode and status, from the report. */
function readResults(report) {
  const results = [];
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      const parts = String(test.title).split(SEP);
      if (parts.length !== 3) continue;
      const [adapter, group, mode] = parts;
      const suite = (test.ancestorTitles ?? []).find((title) => title.startsWith('conformance: ')) ?? '';
      const vendor = /\(([\w-]+) wire format\)/.exec(suite)?.[1];
      const status = test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
      results.push({ adapter, vendor, group, mode, status, messages: test.failureMessages ?? [] });
    }
  }
  return results;
}

/** Every recording's description, by vendor and scenario, read from the recordings folder. */
function readDescriptions() {
  const byVendor = new Map();
  for (const vendor of VENDORS) {
    const scenarios = new Map();
    const dir = join(recordingsDir, vendor);
    const files = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json')) : [];
    for (const file of files.sort()) {
      const meta = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      scenarios.set(file.slice(0, -'.json'.length), String(meta.description ?? ''));
    }
    byVendor.set(vendor, scenarios);
  }
  return byVendor;
}

function cell(statuses) {
  if (statuses.length === 0) return '';
  if (statuses.includes('failed')) return FAIL;
  if (statuses.includes('passed')) return PASS;
  return SKIP;
}

function escapeCell(text) {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function render(report, results, descriptions) {
  const adapters = [];
  for (const result of results) {
    const known = adapters.find((a) => a.name === result.adapter);
    if (known === undefined) adapters.push({ name: result.adapter, vendor: result.vendor });
    // Suites other than runConformance's (the hostile server's) do not name the wire format.
    else if (known.vendor === undefined) known.vendor = result.vendor;
  }
  // Our vendors' adapters first (in vendor order, the plain one before variants), then others.
  const rank = (adapter) => {
    const index = VENDORS.indexOf(adapter.vendor);
    return [index === -1 ? VENDORS.length : index, adapter.name === adapter.vendor ? 0 : 1, adapter.name];
  };
  adapters.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
  });
  const statusesOf = (adapter, group) =>
    results.filter((r) => r.adapter === adapter && r.group === group).map((r) => r.status);

  const scenarios = [...new Set(results.map((r) => r.group).filter((group) => !BEHAVIOURS.includes(group)))].sort();
  const scenarioRows = scenarios.map((scenario) => [
    `\`${scenario}\``,
    ...adapters.map((adapter) => cell(statusesOf(adapter.name, scenario))),
  ]);

  const behaviourKeys = [];
  for (const result of results) {
    if (!BEHAVIOURS.includes(result.group)) continue;
    const key = `${result.group}${SEP}${result.mode}`;
    if (!behaviourKeys.includes(key)) behaviourKeys.push(key);
  }
  // Stable sort: rows keep their registration order within a group.
  behaviourKeys.sort((a, b) => BEHAVIOURS.indexOf(a.split(SEP)[0]) - BEHAVIOURS.indexOf(b.split(SEP)[0]));
  const behaviourRows = behaviourKeys.map((key) => {
    const [group, mode] = key.split(SEP);
    return [
      `${group} · \`${mode}\``,
      ...adapters.map((adapter) =>
        cell(
          results
            .filter((r) => r.adapter === adapter.name && r.group === group && r.mode === mode)
            .map((r) => r.status),
        ),
      ),
    ];
  });

  const header = ['', ...adapters.map((a) => `${a.name}${a.vendor && a.vendor !== a.name ? ` (${a.vendor})` : ''}`)];
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed');
  const skipped = results.length - passed - failed.length;
  const started = report.startTime ? new Date(report.startTime).toISOString().slice(0, 10) : 'unknown date';

  const out = [];
  out.push('# Conformance matrix');
  out.push('');
  out.push(
    '<!-- Generated by packages/conformance/scripts/generate-matrix.mjs; edits are overwritten. -->',
    '',
    `Generated from an actual \`vitest run\` of every adapter's \`test/conformance.test.ts\` (run of ${started}: ` +
      `${passed} passed, ${failed.length} failed, ${skipped} skipped). Regenerate with:`,
    '',
    '```bash',
    'node packages/conformance/scripts/generate-matrix.mjs',
    '```',
    '',
    'Each adapter runs `runConformance` from `@switchyard/conformance`: every recorded vendor stream of its wire',
    'format is replayed by a local server in every write mode (`events`, `bytes-<seed>` re-chunking at random',
    'byte boundaries, and through `chatStream`), some are cut at every event boundary, and the result is compared',
    'with the recording’s expected message. See the package README for the recording format and the mode grammar.',
    '',
    `${PASS} every test of the row passed · ${FAIL} at least one failed · ${SKIP} skipped · empty: no such recording for that wire format.`,
    '',
    '## Recorded scenarios',
    '',
    table(header, scenarioRows),
    '',
    '## Behaviours',
    '',
    'HTTP errors mapped to `LLMError` codes, core’s retries, aborts and early exits closing the connection, and no',
    'unhandled promise rejections.',
    '',
    table(header, behaviourRows),
    '',
  );
  if (failed.length > 0) {
    out.push('## Failures', '');
    for (const result of failed) {
      const first = String(result.messages[0] ?? '').split('\n')[0];
      out.push(`- ${result.adapter}${SEP}${result.group}${SEP}${result.mode}: ${escapeCell(first).slice(0, 200)}`);
    }
    out.push('');
  }
  out.push('## Scenario descriptions', '');
  for (const vendor of VENDORS) {
    const scenarios = descriptions.get(vendor);
    if (!scenarios || scenarios.size === 0) continue;
    out.push(`### ${vendor}`, '');
    out.push(
      table(
        ['scenario', 'description'],
        [...scenarios].map(([name, text]) => [`\`${name}\``, escapeCell(text)]),
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

// The run date changes on every run; a freshness check compares everything else.
function withoutDate(text) {
  return text.replace(/\(run of [^:]*:/, '(run of …:');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const report = args.report ? JSON.parse(readFileSync(args.report, 'utf8')) : runSuites();
  const results = readResults(report);
  if (results.length === 0) throw new Error('the report holds no conformance tests ("<adapter> › <group> › <mode>")');
  const markdown = render(report, results, readDescriptions());
  if (args.check) {
    const current = existsSync(args.out) ? readFileSync(args.out, 'utf8') : '';
    if (withoutDate(current) !== withoutDate(markdown)) {
      console.error(`${relative(repoRoot, args.out)} is stale; regenerate it with the command at its top.`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(args.out, markdown);
  console.log(`wrote ${relative(repoRoot, args.out)}: ${results.length} tests`);
}

main();
