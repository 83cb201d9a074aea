// switchyard against the floor (fetch + a minimal SSE split + JSON.parse), the raw vendor
// SDKs and peer libraries, per vendor and scenario, measured in one run. A server in a child
// process serves synthetic bodies (bench/scenarios.mjs) on 127.0.0.1. Each variant runs in a
// fresh process per scenario (bench/measure.mjs); variants take turns within each scenario,
// `--passes` times, and medians over all responses are reported.
//
//   node bench/run.mjs [--rounds 10] [--passes 2] [--vendor openai] [--scenario mixed]
//                      [--small-rounds 60] [--small-warmup 20] [--no-peers] [--memory]
//                      [--write bench/results.md]
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { expectedResult, MEMORY_SCENARIO, SCENARIOS, supports } from './scenarios.mjs';
import { variants } from './variants.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option('rounds', process.env.BENCH_ROUNDS ?? 10));
const passes = Number(option('passes', 2));
const warmup = Number(option('warmup', 3));
// The small scenarios (tools-500, mixed: ~10 ms a response) need more responses for a stable
// median, and more warm-up for the JIT to settle: the rest of the scenarios take these too
// when they are not given.
const SMALL = new Set(['tools-500', 'mixed']);
const smallRounds = Number(option('small-rounds', rounds));
const smallWarmup = Number(option('small-warmup', warmup));
const onlyVendor = option('vendor', undefined);
const onlyScenario = option('scenario', undefined);
const memory = args.includes('--memory');
// `--no-peers`: floor, raw SDK and switchyard only (a quicker before/after check).
const noPeers = args.includes('--no-peers');
const writeTo = option('write', undefined);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const digest = (value) => createHash('sha256').update(value).digest('hex');

function startServer() {
  const child = spawn(process.execPath, [here('./server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data) => resolve({ origin: String(data).trim(), child }));
  });
}

function measure(variant, scenario, origin, n, w, flags = []) {
  // One retry: on a loaded machine a connection is occasionally reset under a variant.
  try {
    return measureOnce(variant, scenario, origin, n, w, flags);
  } catch {
    return measureOnce(variant, scenario, origin, n, w, flags);
  }
}

function measureOnce(variant, scenario, origin, n, w, flags) {
  const out = spawnSync(
    process.execPath,
    [...flags, here('./measure.mjs'), variant.id, scenario, origin, String(n), String(w)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (out.status !== 0) throw new Error(`${variant.name} (${variant.vendor}, ${scenario}) failed to run`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

const median = (values) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (value, digits = 1) => (Number.isNaN(value) ? '—' : value.toFixed(digits));

const { origin, child } = await startServer();
const lines = [];
const log = (line) => {
  lines.push(line);
  console.log(line);
};
try {
  const vendors = ['openai', 'anthropic', 'google'].filter((v) => onlyVendor === undefined || v === onlyVendor);
  const scenarios = SCENARIOS.filter((s) => onlyScenario === undefined || s === onlyScenario);
  const version = (name) => JSON.parse(readFileSync(here(`./node_modules/${name}/package.json`), 'utf8')).version;
  log(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} at the start.`,
  );
  log(
    `Each variant in its own process per scenario, ${passes} pass(es) × ${rounds} responses after ${warmup} warm-up responses (tools-500 and mixed: ${smallRounds} after ${smallWarmup}); variants interleaved; medians.`,
  );
  log(
    `openai ${version('openai')}, @anthropic-ai/sdk ${version('@anthropic-ai/sdk')}, @google/genai ${version('@google/genai')}, ai ${version('ai')}, @langchain/core ${version('@langchain/core')}.`,
  );
  log('');
  log(
    '| vendor | scenario | variant | CPU ms / response | wall ms / response | first content ms | peak RSS MB | CPU vs raw SDK | CPU vs floor |',
  );
  log('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const scenario of scenarios) {
    const expected = expectedResult(scenario);
    const want = { text: digest(expected.text), calls: digest(expected.calls.join('\n')) };
    for (const vendor of vendors) {
      if (!supports(vendor, scenario)) continue;
      const group = variants.filter((v) => v.vendor === vendor && !(noPeers && v.kind === 'peer'));
      const samples = new Map(group.map((v) => [v, { cpu: [], wall: [], first: [], rss: 0, note: '' }]));
      for (let pass = 0; pass < passes; pass++) {
        for (const variant of group) {
          const small = SMALL.has(scenario);
          const result = measure(variant, scenario, origin, small ? smallRounds : rounds, small ? smallWarmup : warmup);
          const sample = samples.get(variant);
          sample.cpu.push(...result.cpu);
          sample.wall.push(...result.wall);
          sample.first.push(...result.first);
          sample.rss = Math.max(sample.rss, result.maxRssMb);
          const strict = variant.kind !== 'peer';
          if (result.text !== want.text) sample.note = ' (other text!)';
          if (strict && result.calls !== want.calls) sample.note = ` (other tool calls: ${result.callCount})`;
          if (strict && sample.note) throw new Error(`${variant.name} on ${vendor}/${scenario}${sample.note}`);
        }
      }
      const cpuOf = (kind) => median(samples.get(group.find((v) => v.kind === kind)).cpu);
      const raw = cpuOf('raw');
      const floor = cpuOf('floor');
      for (const variant of group) {
        const s = samples.get(variant);
        const cpu = median(s.cpu);
        log(
          `| ${vendor} | ${scenario} | ${variant.name}${s.note} | ${fmt(cpu)} | ${fmt(median(s.wall))} | ${fmt(median(s.first))} | ${fmt(s.rss, 0)} | ${fmt(cpu / raw, 2)}× | ${fmt(cpu / floor, 2)}× |`,
        );
      }
    }
  }
  if (memory) {
    log('');
    log(
      `Memory: one ${MEMORY_SCENARIO} response (50 MB of text in 12,800 deltas), heap sampled every 2 ms (--expose-gc, collected before).`,
    );
    log('');
    log('| vendor | variant | output MB | heap growth MB | peak RSS MB | CPU ms |');
    log('|---|---|---:|---:|---:|---:|');
    for (const vendor of vendors) {
      for (const variant of variants.filter((v) => v.vendor === vendor && v.kind !== 'peer' && v.kind !== 'hooks')) {
        const r = measure(variant, MEMORY_SCENARIO, origin, 1, 0, ['--expose-gc']);
        log(
          `| ${vendor} | ${variant.name} | ${fmt(r.outputMb)} | ${fmt(r.heapGrowthMb)} | ${fmt(r.maxRssMb, 0)} | ${fmt(median(r.cpu))} |`,
        );
      }
    }
  }
  if (writeTo) {
    writeFileSync(
      writeTo,
      `# Benchmark results\n\nGenerated by \`node bench/run.mjs ${args.join(' ')}\`. Method: [docs/performance.md](../docs/performance.md).\n\n${lines.join('\n')}\n`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
