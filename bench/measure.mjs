// Measures one variant on one scenario in a process of its own (only its library loaded,
// its garbage its own): warm-up responses, then `rounds` responses, each timed for this
// process's CPU time (process.cpuUsage) and wall time, plus the time to the first content.
// Prints one JSON line, with the process's peak RSS and heap growth.
//
//   node bench/measure.mjs <variant-id> <scenario> <origin> <rounds> <warmup>
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { variants } from './variants.mjs';

const [id, scenario, origin, rounds, warmup] = process.argv.slice(2);
const variant = variants.find((v) => v.id === id);
if (!variant) throw new Error(`unknown variant ${id}`);
const run = await variant.setup(origin, scenario);

let last;
for (let i = 0; i < Number(warmup); i++) last = await run();
// Heap sampling only in the memory run (started with --expose-gc): it costs CPU itself.
const sampling = typeof globalThis.gc === 'function';
globalThis.gc?.();
const heapBase = process.memoryUsage().heapUsed;
let heapPeak = heapBase;
const probe = sampling
  ? setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 2)
  : undefined;
const cpu = [];
const wall = [];
const first = [];
for (let i = 0; i < Number(rounds); i++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  last = await run();
  wall.push(performance.now() - t0);
  const used = process.cpuUsage(cpu0);
  cpu.push((used.user + used.system) / 1000);
  first.push(last.first ?? Number.NaN);
}
if (probe !== undefined) clearInterval(probe);
const digest = (value) => createHash('sha256').update(value).digest('hex');
process.stdout.write(
  `${JSON.stringify({
    id,
    scenario,
    cpu,
    wall,
    first,
    chunks: last.chunks,
    text: digest(last.text),
    calls: digest(last.calls.join('\n')),
    callCount: last.calls.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapGrowthMb: (heapPeak - heapBase) / 1048576,
    outputMb: (last.text.length + last.calls.join('').length) / 1048576,
  })}\n`,
);
