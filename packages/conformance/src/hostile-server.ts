import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createGzip } from 'node:zlib';
import type { Vendor } from './types.js';
import { matchRoute } from './vendor-routes.js';

/**
 * What a hostile server does with a request; the model name picks it (`hostile-<mode>`):
 *
 * - `stall-headers`: accepts the request and never answers.
 * - `stall-body`: sends `200` headers, then nothing.
 * - `comment-flood`: `:\n` lines, `size` bytes of them, then the end.
 * - `endless-line`: `data: {"x":"aaaa…`, `size` bytes with no line end.
 * - `data-flood`: `data:\n` lines, `size` bytes of them: one ever-growing event.
 * - `gzip-bomb`: a gzip body of zeros that inflates to `size` bytes (a few KiB on the wire).
 * - `gzip-bomb-error`: the same as a `500` error body.
 * - `huge-error`: a `500` whose JSON body is `size` bytes.
 * - `redirect`: `307` to the same path on the server's twin (another port: another origin).
 * - `tool-flood`: a valid stream of `toolCalls` whole tool calls in the vendor's format.
 *
 * Every body is generated as it is written (never allocated whole) and stops when the client
 * goes away.
 */
export type HostileMode =
  | 'stall-headers'
  | 'stall-body'
  | 'comment-flood'
  | 'endless-line'
  | 'data-flood'
  | 'gzip-bomb'
  | 'gzip-bomb-error'
  | 'huge-error'
  | 'redirect'
  | 'tool-flood';

export const HOSTILE_MODES: readonly HostileMode[] = [
  'stall-headers',
  'stall-body',
  'comment-flood',
  'endless-line',
  'data-flood',
  'gzip-bomb',
  'gzip-bomb-error',
  'huge-error',
  'redirect',
  'tool-flood',
];

export interface HostileServerOptions {
  /** Bytes of each flood, line, bomb and error body (default 64 MiB). */
  size?: number;
  /** Tool calls in `tool-flood` (default 100,000). */
  toolCalls?: number;
}

/** One request either server received: where it went and the headers it carried. */
export interface HostileRequest {
  /** `main` or `twin` (the redirect target on another origin). */
  server: 'main' | 'twin';
  path: string;
  headers: IncomingHttpHeaders;
}

/** A hostile server on 127.0.0.1, with a twin on another port for cross-origin redirects. */
export interface HostileServer {
  readonly origin: string;
  readonly twinOrigin: string;
  /** Every request either server received, in arrival order. */
  readonly requests: HostileRequest[];
  /** The base URL to give the vendor's SDK. */
  baseURL(vendor: Vendor): string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const PIECE = 64 * 1024;

/** Starts a hostile server and its twin. */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const size = options.size ?? 64 * 1024 * 1024;
  const toolCalls = options.toolCalls ?? 100_000;
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  let twinOrigin = '';

  const twin = createServer((req, res) => {
    requests.push({ server: 'twin', path: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end();
  });
  const main = createServer((req, res) => {
    requests.push({ server: 'main', path: req.url ?? '', headers: req.headers });
    void handle(req, res, { size, toolCalls, twinOrigin }).catch(() => res.destroy());
  });
  for (const server of [main, twin]) {
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    server.listen(0, HOST);
    await once(server, 'listening');
    server.unref();
  }
  const origin = `http://${HOST}:${(main.address() as AddressInfo).port}`;
  twinOrigin = `http://${HOST}:${(twin.address() as AddressInfo).port}`;
  return {
    origin,
    twinOrigin,
    requests,
    baseURL: (vendor) => (vendor === 'openai' || vendor === 'openai-responses' ? `${origin}/v1` : origin),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([main, twin].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

interface Plan {
  size: number;
  toolCalls: number;
  twinOrigin: string;
}

async function handle(req: IncomingMessage, res: ServerResponse, plan: Plan): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    body = undefined;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = matchRoute(req.method ?? 'GET', url.pathname, body);
  if (!route.ok) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: route.message } }));
    return;
  }
  const mode = route.model.replace(/^hostile-/, '') as HostileMode;
  const sse = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  switch (mode) {
    case 'stall-headers':
      return; // The socket stays open until the client or the server closes it.
    case 'stall-body':
      res.writeHead(200, sse).flushHeaders();
      return;
    case 'comment-flood':
      res.writeHead(200, sse);
      return pump(res, Buffer.from(':\n'.repeat(PIECE / 2)), plan.size);
    case 'endless-line':
      res.writeHead(200, sse);
      res.write('data: {"x":"');
      return pump(res, Buffer.alloc(PIECE, 'a'), plan.size);
    case 'data-flood':
      res.writeHead(200, sse);
      return pump(res, Buffer.from('data:\n'.repeat(Math.floor(PIECE / 6))), plan.size);
    case 'gzip-bomb':
    case 'gzip-bomb-error':
      res.writeHead(mode === 'gzip-bomb' ? 200 : 500, {
        ...(mode === 'gzip-bomb' ? sse : { 'content-type': 'application/json' }),
        'content-encoding': 'gzip',
      });
      return gzipZeros(res, plan.size);
    case 'huge-error':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"');
      return pump(res, Buffer.alloc(PIECE, 'x'), plan.size);
    case 'redirect':
      res.writeHead(307, { location: `${plan.twinOrigin}${req.url ?? '/'}` }).end();
      return;
    case 'tool-flood':
      res.writeHead(200, sse);
      return toolFlood(res, route.vendor, plan.toolCalls);
    default:
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `no mode ${mode}` } }));
  }
}

/** Writes `piece` until `size` bytes went out, waiting for the client to drain; stops when it leaves. */
async function pump(res: ServerResponse, piece: Buffer, size: number): Promise<void> {
  for (let sent = 0; sent < size && !res.destroyed; sent += piece.length) {
    if (!res.write(piece)) await drained(res);
  }
  if (!res.destroyed) res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function gzipZeros(res: ServerResponse, size: number): Promise<void> {
  const gzip = createGzip({ level: 9 });
  gzip.pipe(res);
  res.once('close', () => gzip.destroy());
  const zeros = Buffer.alloc(PIECE);
  for (let sent = 0; sent < size && !res.destroyed; sent += PIECE) {
    if (!gzip.write(zeros))
      await new Promise<void>((resolve) => {
        gzip.once('drain', resolve);
        res.once('close', resolve);
      });
  }
  if (!res.destroyed) gzip.end();
}

async function toolFlood(res: ServerResponse, vendor: Vendor, count: number): Promise<void> {
  const write = async (text: string): Promise<void> => {
    if (!res.destroyed && !res.write(text)) await drained(res);
  };
  if (vendor === 'anthropic') {
    await write(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_flood","type":"message","role":"assistant","model":"claude-flood","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
    );
  }
  for (let i = 0; i < count && !res.destroyed; i++) await write(toolCallEvent(vendor, i));
  if (vendor === 'openai') {
    await write(
      'data: {"id":"flood","object":"chat.completion.chunk","model":"flood","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\ndata: [DONE]\n\n',
    );
  } else if (vendor === 'openai-responses') {
    await write(
      `event: response.completed\ndata: {"type":"response.completed","sequence_number":${count},"response":{"id":"resp_flood","object":"response","status":"completed","model":"flood","output":[],"usage":null}}\n\n`,
    );
  } else if (vendor === 'anthropic') {
    await write(
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":1}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  } else {
    await write(
      'data: {"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":"STOP","index":0}]}\r\n\r\n',
    );
  }
  if (!res.destroyed) res.end();
}

function toolCallEvent(vendor: Vendor, i: number): string {
  if (vendor === 'anthropic') {
    return (
      `event: content_block_start\ndata: {"type":"content_block_start","index":${i},"content_block":{"type":"tool_use","id":"toolu_${i}","name":"lookup","input":{}}}\n\n` +
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":${i},"delta":{"type":"input_json_delta","partial_json":"{\\"n\\":${i}}"}}\n\n` +
      `event: content_block_stop\ndata: {"type":"content_block_stop","index":${i}}\n\n`
    );
  }
  if (vendor === 'openai-responses') {
    return `event: response.output_item.done\ndata: {"type":"response.output_item.done","sequence_number":${i},"output_index":${i},"item":{"id":"fc_${i}","type":"function_call","status":"completed","arguments":"{\\"n\\":${i}}","call_id":"call_${i}","name":"lookup"}}\n\n`;
  }
  if (vendor === 'google') {
    return `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"lookup","args":{"n":${i}}}}],"role":"model"},"index":0}]}\r\n\r\n`;
  }
  return `data: {"id":"flood","object":"chat.completion.chunk","model":"flood","choices":[{"index":0,"delta":{"tool_calls":[{"index":${i},"id":"call_${i}","type":"function","function":{"name":"lookup","arguments":"{\\"n\\":${i}}"}}]},"finish_reason":null}]}\n\n`;
}
