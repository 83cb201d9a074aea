// Prints the top self-time frames of a V8 .cpuprofile (from `node --cpu-prof`).
//   node bench/profile-top.mjs <file.cpuprofile> [count]
import { readFileSync } from 'node:fs';

const [file, count = '15'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
let total = 0;
// Module loading and start-up are not the per-event path.
const LOADING = /node:internal\/(modules|bootstrap|process|main|url|fs)|^node:(fs|path)/;
for (const [id, micros] of dt) {
  const frame = byId.get(id).callFrame;
  if (
    LOADING.test(frame.url) ||
    ['openFileHandle', 'compileFunction', 'fstat', 'internalModuleStat'].includes(frame.functionName)
  )
    continue;
  const where = frame.url
    ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '')}:${frame.lineNumber + 1}`
    : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + micros);
  total += micros;
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
for (const [key, micros] of rows) console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
