// Runs the runtime smoke suite: the scenarios of scenarios.mjs in Node (the reference), Node
// 20.0.0, 22 and 24, Bun, Deno, workerd (Miniflare) and headless Chromium, each against its
// own replay server on 127.0.0.1, and compares every runtime's results with Node's plus what
// the server saw. Installs the runtimes first (install.mjs). Ends with "N passed, N failed".
//
//   node runtimes/run.mjs                 run everything
//   node runtimes/run.mjs --only=bun,deno run some runtimes (the reference always runs)
//   node runtimes/run.mjs --write-docs    also regenerate docs/runtimes.md from this run
//   node runtimes/run.mjs --check-docs    fail when docs/runtimes.md differs from this run
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadRecording, startReplayServer } from '@switchyard/conformance/replay';
import { runtimesDir } from '../scripts/install-node.mjs';
import { nodeBuiltinImports } from './check-builtins.mjs';
import {
  installBun,
  installChromium,
  installDeno,
  installMiniflare,
  installNodeVersion,
  installPlaywright,
  VERSIONS,
} from './install.mjs';
import { ADAPTERS, RECORDINGS } from './scenarios.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const writeDocs = args.includes('--write-docs');
const checkDocs = args.includes('--check-docs');
const RUN_TIMEOUT_MS = 120_000;

/** Each runtime: how to install it and how to run the scenarios in it. */
const RUNTIMES = [
  ...VERSIONS.node.map((version) => ({
    name: `node-${version.split('.')[0]}`,
    label: `Node.js ${version}`,
    kind: 'node',
    version,
    install: () => installNodeVersion(version),
    run: (binary, config) => runProcess(binary, [join(here, 'app.mjs'), JSON.stringify(config)]),
  })),
  {
    name: 'bun',
    label: `Bun ${VERSIONS.bun}`,
    kind: 'node',
    version: VERSIONS.bun,
    install: installBun,
    run: (binary, config) => runProcess(binary, [join(here, 'app.mjs'), JSON.stringify(config)]),
  },
  {
    name: 'deno',
    label: `Deno ${VERSIONS.deno}`,
    kind: 'node',
    version: VERSIONS.deno,
    install: installDeno,
    // A node_modules folder as npm/pnpm lays it out; bare imports resolve from it.
    run: (binary, config) =>
      runProcess(binary, ['run', '-A', '--node-modules-dir=manual', join(here, 'app.mjs'), JSON.stringify(config)]),
  },
  {
    name: 'workerd',
    label: 'Cloudflare workerd (Miniflare)',
    kind: 'edge',
    version: VERSIONS.miniflare,
    install: installMiniflare,
    run: (_path, config) => runWorker(config),
  },
  {
    name: 'chromium',
    label: 'Chromium (headless, Debian package)',
    kind: 'edge',
    version: `playwright-core ${VERSIONS.playwright}`,
    install: async () => Promise.all([installChromium(), installPlaywright()]),
    run: (_path, config) => runBrowser(config),
  },
].filter((runtime) => only === undefined || only.includes(runtime.name));

function runProcess(binary, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => {
      stdout += data;
    });
    child.stderr.on('data', (data) => {
      stderr += data;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('SMOKE_RESULT '));
      if (line === undefined) {
        reject(new Error(`exit ${code}, no result. stderr:\n${stderr.slice(-4000)}\nstdout:\n${stdout.slice(-2000)}`));
      } else {
        resolve(JSON.parse(line.slice('SMOKE_RESULT '.length)));
      }
    });
  });
}

// The bundler the packages are built with (tsdown runs on rolldown), for the edge runtimes.
async function bundle(entry, platform, conditions) {
  const { rolldown } = await import('rolldown');
  const out = join(runtimesDir(), 'bundles');
  mkdirSync(out, { recursive: true });
  const build = await rolldown({
    input: join(here, entry),
    platform,
    resolve: { conditionNames: conditions },
    logLevel: 'silent',
  });
  const file = join(out, entry);
  await build.write({ file, format: 'esm', codeSplitting: false });
  await build.close();
  return file;
}

async function runWorker(config) {
  const script = await bundle('worker.mjs', 'browser', ['workerd', 'worker', 'browser', 'import', 'default']);
  const require = createRequire(join(runtimesDir(), `miniflare-${VERSIONS.miniflare}`, 'package.json'));
  const { Miniflare } = await import(pathToFileURL(require.resolve('miniflare')).href);
  // The module is given as it is, as wrangler does after bundling: Miniflare's own module
  // collection rejects the default registry's computed `import()`, which never runs here.
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: script, contents: readFileSync(script, 'utf8') }],
    compatibilityDate: '2026-07-01',
    // Outbound requests reach the replay server on loopback.
    unsafeAllowLocalhost: true,
  });
  try {
    const response = await mf.dispatchFetch('http://smoke.local/', { method: 'POST', body: JSON.stringify(config) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`worker answered ${response.status}: ${text.slice(0, 2000)}`);
    return JSON.parse(text);
  } finally {
    await mf.dispose();
  }
}

async function runBrowser(config) {
  const script = await bundle('browser.mjs', 'browser', ['browser', 'import', 'default']);
  const require = createRequire(join(runtimesDir(), `playwright-core-${VERSIONS.playwright}`, 'package.json'));
  const { chromium } = require('playwright-core');
  // The page comes from its own origin, so every call to the replay server is cross-origin.
  const page = `<!doctype html><meta charset="utf-8"><script type="module" src="/app.mjs"></script>`;
  const code = readFileSync(script);
  const site = createServer((req, res) => {
    if (req.url === '/app.mjs') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(String(error)));
    await tab.goto(`http://127.0.0.1:${site.address().port}/`);
    await tab
      .waitForFunction(() => typeof globalThis.runSmoke === 'function', undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the page did not load the smoke app: ${errors.join('; ')}`);
      });
    return await tab.evaluate((value) => globalThis.runSmoke(value), config);
  } finally {
    await browser.close();
    site.close();
  }
}

/** Where the server stalls each vendor's text stream: right after the first event carrying text. */
function stallOffsets() {
  const markers = { openai: '"content":"', anthropic: '"text_delta"', google: '"text"' };
  const offsets = {};
  for (const adapter of ADAPTERS) {
    const body = loadRecording(adapter, RECORDINGS[adapter].text).body.toString('latin1');
    let at = body.indexOf(markers[adapter]);
    // Skip OpenAI's empty first content ("content":"").
    while (adapter === 'openai' && body[at + markers.openai.length] === '"') at = body.indexOf(markers.openai, at + 1);
    const lf = body.indexOf('\n\n', at);
    const crlf = body.indexOf('\r\n\r\n', at);
    offsets[adapter] = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf + 2;
  }
  return offsets;
}

/** What the server must have seen, per adapter: the signature sent back, one retry, the disconnect. */
async function serverChecks(server) {
  const checks = {};
  for (const adapter of ADAPTERS) {
    const recordings = RECORDINGS[adapter];
    const requests = server.requests.filter((request) => request.vendor === adapter);
    if (recordings.reasoning !== null) {
      const signature = loadRecording(adapter, recordings.reasoning).expected.reasoningParts?.[0]?.signature;
      checks[`${adapter}/reasoning signature round-trips`] = requests.some(
        (request) => request.scenario === recordings.text && JSON.stringify(request.body).includes(signature),
      )
        ? 'ok'
        : 'the second request did not carry the signature';
    }
    const retried = requests.filter((request) => request.model.includes('~status-429')).length;
    checks[`${adapter}/429 retried after Retry-After`] =
      retried === 2 ? 'ok' : `the server saw ${retried} requests, not 2`;
    const stalled = requests.find((request) => request.model.includes('~stall-'));
    if (stalled !== undefined) {
      await Promise.race([stalled.done, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    checks[`${adapter}/abort reaches the server`] =
      stalled?.closedEarly === true ? 'ok' : 'the server did not see the disconnect';
  }
  return checks;
}

async function runOne(runtime, runtimePath, stallAt) {
  const server = await startReplayServer();
  try {
    const baseURLs = {
      openai: server.baseURL('openai'),
      anthropic: server.baseURL('anthropic'),
      google: server.baseURL('google'),
    };
    const results = await runtime.run(runtimePath, { baseURLs, stallAt });
    return { results, checks: await serverChecks(server) };
  } finally {
    await server.close();
  }
}

const EDGE_DEFAULT_REGISTRY = { error: 'invalid_request', showsExplicitForm: true, oneLine: true };
const NODE_DEFAULT_REGISTRY = { resolved: 'anthropic' };

function compare(kind, reference, actual, checks) {
  const rows = [];
  for (const key of Object.keys(reference)) {
    let expected = reference[key];
    if (key === 'default registry') expected = kind === 'edge' ? EDGE_DEFAULT_REGISTRY : NODE_DEFAULT_REGISTRY;
    const same = JSON.stringify(actual?.[key]) === JSON.stringify(expected);
    const check = checks?.[key];
    const ok = same && (check === undefined || check === 'ok');
    rows.push({
      key,
      ok,
      why: ok
        ? ''
        : !same
          ? `got ${JSON.stringify(actual?.[key])?.slice(0, 400)}, Node gave ${JSON.stringify(expected)?.slice(0, 400)}`
          : check,
    });
  }
  return rows;
}

const started = performance.now();
console.log(`runtime smoke suite: ${RUNTIMES.map((runtime) => runtime.name).join(', ')}`);
const stallAt = stallOffsets();

// Installs run in parallel (downloads); the reference runs meanwhile in this Node.
const installs = new Map(
  RUNTIMES.map((runtime) => [
    runtime.name,
    runtime.install().then(
      (path) => ({ path }),
      (error) => ({ error }),
    ),
  ]),
);
const reference = await runOne(
  { run: (_path, config) => runProcess(process.execPath, [join(here, 'app.mjs'), JSON.stringify(config)]) },
  undefined,
  stallAt,
);
const referenceRows = compare('node', reference.results, reference.results, reference.checks);
const scenarioCount = referenceRows.length;

const report = [];
let passed = 0;
let failed = 0;
// Two at a time: this runs on 2 cores next to the replay servers.
const queue = [...RUNTIMES];
async function worker() {
  for (let runtime = queue.shift(); runtime !== undefined; runtime = queue.shift()) {
    const t0 = performance.now();
    const installed = await installs.get(runtime.name);
    let rows;
    if (installed.error !== undefined) {
      rows = [{ key: 'install', ok: false, why: installed.error.message.slice(0, 2000) }];
    } else {
      try {
        const { results, checks } = await runOne(runtime, installed.path, stallAt);
        rows = compare(runtime.kind, reference.results, results, checks);
      } catch (error) {
        rows = [{ key: 'run', ok: false, why: String(error?.stack ?? error).slice(0, 4000) }];
      }
    }
    const ok = rows.filter((row) => row.ok).length;
    passed += ok;
    failed += rows.length - ok;
    report.push({ runtime, rows, seconds: (performance.now() - t0) / 1000 });
    console.log(`${rows.every((row) => row.ok) ? 'PASS' : 'FAIL'} ${runtime.label}: ${ok}/${rows.length} scenarios`);
    for (const row of rows.filter((entry) => !entry.ok)) console.log(`  ✗ ${row.key}: ${row.why}`);
  }
}
await Promise.all([worker(), worker()]);
report.sort((a, b) => RUNTIMES.indexOf(a.runtime) - RUNTIMES.indexOf(b.runtime));

// Core and the adapters load in browsers and workers only without Node built-ins.
const builtinImports = nodeBuiltinImports(root);
if (builtinImports.length === 0) {
  passed += 1;
  console.log('PASS no Node built-in is imported by core or an adapter (dist/*.mjs)');
} else {
  failed += 1;
  console.log(`FAIL Node built-ins imported on the browser path:\n  ${builtinImports.join('\n  ')}`);
}

const problems = referenceRows.filter((row) => !row.ok);
if (problems.length > 0) {
  failed += problems.length;
  console.log('FAIL the Node reference run itself:');
  for (const row of problems) console.log(`  ✗ ${row.key}: ${row.why}`);
}

const docsPath = join(root, 'docs', 'runtimes.md');
const docs = renderDocs(report, scenarioCount);
if (writeDocs && only === undefined) writeFileSync(docsPath, docs);
if (checkDocs && only === undefined && readFileSync(docsPath, 'utf8') !== docs) {
  failed += 1;
  console.log('FAIL docs/runtimes.md does not match this run: run `node runtimes/run.mjs --write-docs` and commit it.');
}
console.log(`runtime smoke suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function renderDocs(entries, total) {
  const lines = [
    '# Runtimes',
    '',
    '<!-- Generated by `node runtimes/run.mjs --write-docs` from a run of the smoke suite; CI checks it with --check-docs. -->',
    '',
    'switchyard runs wherever JavaScript runs. The same smoke scenarios ([runtimes/scenarios.mjs](../runtimes/scenarios.mjs)) run',
    'in every runtime below against the replay server on 127.0.0.1, through the real vendor SDKs, and each runtime must',
    'report exactly what Node reports: per adapter (OpenAI, Anthropic, Google) a text stream, a fragmented tool call,',
    'parallel tool calls, a reasoning signature that round-trips in a second request (Anthropic, Gemini), a truncated',
    'stream (`stream_truncated` with the partial), an HTTP 429 retried after `Retry-After`, and an abort that the server',
    'sees; every spec string resolves through an explicit `createRegistry([...])`. CI installs every runtime from the',
    'package registries and runs the suite on each change.',
    '',
    '| runtime | version | scenarios passed | notes |',
    '|---|---|---|---|',
  ];
  const notes = {
    'node-20': 'the oldest Node `engines` allows; the default registry works (no `process.getBuiltinModule` needed)',
    'node-22': '',
    'node-24': '',
    bun: 'run as `bun app.mjs`; the default registry resolves installed adapters',
    deno: 'run as `deno run -A --node-modules-dir=manual`; bare imports resolve from node_modules',
    workerd:
      'bundled with rolldown (the bundler tsdown uses); no Node built-ins; the default registry cannot load packages and says so, showing `createRegistry([...])`',
    chromium:
      'bundled for the browser; the SDKs need `dangerouslyAllowBrowser: true` (pass your own `client`), and calling a vendor from a page exposes the key: use a proxy (`baseURL`) in production',
  };
  for (const entry of entries) {
    const ok = entry.rows.filter((row) => row.ok).length;
    const total = entry.rows.length;
    lines.push(
      `| ${entry.runtime.label} | ${entry.runtime.version} | ${ok === total ? '✅' : '❌'} ${ok}/${total} | ${notes[entry.runtime.name] ?? ''} |`,
    );
  }
  lines.push(
    '',
    `Each runtime runs ${total} scenarios. Run it yourself with \`node runtimes/run.mjs\` (installs the runtimes into`,
    "`node_modules/.cache/switchyard-runtimes`; Chromium comes from Debian's `chromium` package). `--only=bun,deno` runs a subset.",
    '',
    '## Calling a vendor from a browser',
    '',
    'The vendor SDKs refuse to run in a page unless told to, because the API key is then visible to anyone who opens',
    "the page. For a prototype, pass a client built with `dangerouslyAllowBrowser: true` (Anthropic's SDK then also sends",
    '`anthropic-dangerous-direct-browser-access: true`). In production, keep the key on a server: point `baseURL` at your',
    'own proxy that adds it.',
    '',
    '```ts',
    "import { createRegistry, complete } from '@switchyard/core';",
    "import { openai } from '@switchyard/openai';",
    "import OpenAI from 'openai';",
    '',
    '// A page talking to your own proxy, which adds the key server-side.',
    'const registry = createRegistry([',
    "  openai({ client: new OpenAI({ baseURL: '/api/openai', apiKey: 'unused', dangerouslyAllowBrowser: true }) }),",
    ']);',
    "const message = await complete({ messages: [{ role: 'user', content: 'Hello' }] }, 'openai:gpt-5.4-mini', { registry });",
    '```',
    '',
  );
  return `${lines.join('\n')}`;
}
