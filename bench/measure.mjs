// Measures one variant in a process of its own (only its library loaded, its garbage its
// own): warm-up streams, then `rounds` streams, each timed for this process's CPU time
// (process.cpuUsage) and wall time. Prints one JSON line.
//
//   node bench/measure.mjs <variant-id> <origin> <rounds> <warmup>
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { variants } from './variants.mjs';

const [id, origin, rounds, warmup] = process.argv.slice(2);
const variant = variants.find((v) => v.id === id);
if (!variant) throw new Error(`unknown variant ${id}`);
const run = await variant.setup(origin);

let last;
for (let i = 0; i < Number(warmup); i++) last = await run();
const cpu = [];
const wall = [];
for (let i = 0; i < Number(rounds); i++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  last = await run();
  wall.push(performance.now() - t0);
  const used = process.cpuUsage(cpu0);
  cpu.push((used.user + used.system) / 1000);
}
const text = createHash('sha256').update(last.text).digest('hex');
process.stdout.write(`${JSON.stringify({ id, cpu, wall, chunks: last.chunks, text })}\n`);
