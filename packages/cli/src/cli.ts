#!/usr/bin/env node
import { main } from './main.js';

// Ctrl-C aborts the running request (the vendor's HTTP stream is closed) and exits 130
// without a stack trace; a second Ctrl-C exits at once.
const controller = new AbortController();
// A reader that goes away (`switchyard chat … | head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = controller.signal.aborted && code !== 0 ? 130 : code;
