// The bench server in its own process, so that the client's CPU time is measured alone.
// Serves each vendor's synthetic bodies (bench/scenarios.mjs) on 127.0.0.1: the model name
// is the scenario. Bodies are written in 16 KiB pieces, as a network would deliver them.
import { createServer } from 'node:http';
import { body, MEMORY_SCENARIO, SCENARIOS } from './scenarios.mjs';

const PIECE = 16 * 1024;
const bodies = new Map();
for (const vendor of ['openai', 'anthropic', 'google']) {
  for (const scenario of [...SCENARIOS, MEMORY_SCENARIO])
    bodies.set(`${vendor}/${scenario}`, Buffer.from(body(vendor, scenario)));
}
const GOOGLE = /^\/v1beta\/models\/([^:]+):streamGenerateContent$/;

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const path = new URL(req.url, 'http://x').pathname;
  let vendor;
  let model;
  const google = GOOGLE.exec(path);
  if (google) {
    vendor = 'google';
    model = decodeURIComponent(google[1]);
  } else {
    vendor = path === '/v1/messages' ? 'anthropic' : 'openai';
    model = JSON.parse(Buffer.concat(chunks).toString()).model;
  }
  const bytes = bodies.get(`${vendor}/${model}`);
  if (bytes === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such scenario"}}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (let at = 0; at < bytes.length && !res.destroyed; at += PIECE) {
    if (!res.write(bytes.subarray(at, at + PIECE))) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
});
// Idle keep-alive sockets stay open between a variant's responses (no reuse race on a loaded machine).
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
