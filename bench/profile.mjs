// Profiles one variant on one scenario with `node --cpu-prof` and prints the top self-time
// frames (module loading is left out: only frames from the measured rounds' code paths count).
//
//   node bench/profile.mjs <variant-id> <scenario> [rounds] [frames]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [id, scenario, rounds = '30', frames = '20'] = process.argv.slice(2);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const server = spawn(process.execPath, [here('./server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve) => server.stdout.once('data', (data) => resolve(String(data).trim())));
const dir = mkdtempSync(join(tmpdir(), 'switchyard-prof-'));
try {
  const run = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, here('./measure.mjs'), id, scenario, origin, rounds, '3'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error('measure failed');
  const file = join(dir, readdirSync(dir)[0]);
  spawnSync(process.execPath, [here('./profile-top.mjs'), file, frames], { stdio: 'inherit' });
} finally {
  server.kill('SIGTERM');
}
