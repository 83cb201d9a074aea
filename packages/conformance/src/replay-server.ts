import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { listScenarios } from './load-recordings.js';
import { pickStep, readMultiStep } from './multi-step.js';
import { type ParsedModel, parseModel, type ReplayModes } from './parse-mode.js';
import { defaultRecordingsDir } from './recordings-dir.js';
import { splitBytes } from './split-bytes.js';
import { eventBoundaries, splitAt } from './split-events.js';
import type { RecordedRequest, ReplayServer, ReplayServerOptions, Vendor } from './types.js';
import { vendorErrorBody } from './vendor-error-body.js';
import { matchRoute } from './vendor-routes.js';

// Only loopback: the server replays canned vendor data and must never be reachable from outside.
const HOST = '127.0.0.1';

/** Headers each vendor sends with a stream (the request-id names differ per vendor). */
const STREAM_HEADERS: Record<Vendor, Record<string, string>> = {
  openai: { 'x-request-id': 'req_replay' },
  'openai-responses': { 'x-request-id': 'req_replay' },
  anthropic: { 'request-id': 'req_011CReplayServer0000000000' },
  google: {},
};

/**
 * Starts a server on 127.0.0.1 (a free port) that answers vendor streaming requests with
 * recorded bodies, shaped by the modes in the model name (see `parseModel`).
 */
export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const dir = options.recordingsDir ?? defaultRecordingsDir();
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, number>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    // Browsers call from another origin: every answer allows it, and preflights are answered.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      // A bug here must show up in the test, not as a hung request.
      if (!res.headersSent) sendJson(res, 500, { error: { message: `replay server: ${String(error)}` } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Idle keep-alive connections must not keep a test process alive.
    socket.unref();
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const text = await readBody(req);
    const body = parseBody(text);
    const route = matchRoute(req.method ?? 'GET', url.pathname, body);
    if (!route.ok) {
      const status = route.vendor ? 400 : 404;
      sendJson(
        res,
        status,
        route.vendor
          ? vendorErrorBody(route.vendor, status, { message: route.message })
          : { error: { message: route.message } },
      );
      return;
    }
    const { vendor } = route;
    // A header selects a recording (and modes) whatever model the app asks for.
    const selected = req.headers[SCENARIO_HEADER];
    const model = typeof selected === 'string' && selected !== '' ? selected : route.model;
    const parsed = parseModel(model);
    const record = recordRequest(
      req,
      res,
      url,
      body,
      vendor,
      model,
      parsed.ok ? parsed.value.scenario : model.split('~')[0]!,
    );
    requests.push(record.request);
    if (!parsed.ok) {
      sendJson(res, 400, vendorErrorBody(vendor, 400, { model, message: parsed.message }));
      return;
    }
    await respond(res, vendor, model, parsed.value, record);
  }

  async function respond(
    res: ServerResponse,
    vendor: Vendor,
    model: string,
    { scenario, modes }: ParsedModel,
    record: ResponseState,
  ): Promise<void> {
    const retryHeaders: Record<string, string> =
      modes.retryAfterSeconds === undefined ? {} : { 'retry-after': String(modes.retryAfterSeconds) };
    if (modes.status !== undefined) {
      const key = `${vendor} ${model}`;
      const failed = failures.get(key) ?? 0;
      if (modes.failFirst === undefined || failed < modes.failFirst) {
        failures.set(key, failed + 1);
        const errorBody = vendorErrorBody(vendor, modes.status, {
          model: scenario,
          contextLength: modes.contextLength,
          quota: modes.quota,
          retryAfterSeconds: modes.retryAfterSeconds,
        });
        sendJson(res, modes.status, errorBody, retryHeaders);
        return;
      }
    }
    // A folder with scenario.json is a conversation: the request picks its step (multi-step.ts).
    const conversation = await readMultiStep(dir, vendor, scenario);
    if (conversation !== undefined) {
      const pick = await pickStep(dir, vendor, scenario, conversation, record.request.body);
      if (pick.ok) await sendStream(res, vendor, pick.body, modes, record, retryHeaders);
      else sendJson(res, 400, vendorErrorBody(vendor, 400, { model: scenario, message: pick.message }));
      return;
    }
    let recording: Buffer;
    try {
      recording = await readFile(join(dir, vendor, `${scenario}.sse`));
    } catch {
      // A real model name (gpt-4o, claude-sonnet-4-5 …) plays the vendor's default recording.
      const fallback = options.fallbackScenario;
      const fallbackBody = fallback === undefined ? undefined : await readFallback(dir, vendor, fallback);
      if (fallbackBody !== undefined) {
        record.request.scenario = fallback!;
        await sendStream(res, vendor, fallbackBody, modes, record, retryHeaders);
        return;
      }
      const available = listScenarios(vendor, dir);
      const message = `No ${vendor} recording named "${scenario}" in ${join(dir, vendor)}. Available: ${available.length === 0 ? '(none)' : available.join(', ')}.`;
      sendJson(res, 404, vendorErrorBody(vendor, 404, { model: scenario, message }));
      return;
    }
    await sendStream(res, vendor, recording, modes, record, retryHeaders);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A test process must be able to exit with the server open; an app's server keeps it alive.
  if (options.keepAlive !== true) server.unref();
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    origin,
    port,
    get requests() {
      return requests;
    },
    baseURL: (vendor) => (vendor === 'openai' || vendor === 'openai-responses' ? `${origin}/v1` : origin),
    reset() {
      requests.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The request header that selects a recording (and modes): `x-switchyard-scenario: text~cut-40`. */
export const SCENARIO_HEADER = 'x-switchyard-scenario';

async function readFallback(dir: string, vendor: Vendor, scenario: string): Promise<Buffer | undefined> {
  try {
    return await readFile(join(dir, vendor, `${scenario}.sse`));
  } catch {
    return undefined;
  }
}

async function sendStream(
  res: ServerResponse,
  vendor: Vendor,
  recording: Buffer,
  modes: ReplayModes,
  record: ResponseState,
  retryHeaders: Record<string, string>,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...STREAM_HEADERS[vendor],
    ...retryHeaders,
  });
  res.flushHeaders();
  await writeBody(res, recording, modes, record);
}

/** What the writer needs to know about a response while it streams. */
interface ResponseState {
  request: RecordedRequest;
  /** The client went away; stop writing. */
  closed: boolean;
  /** The server is closing the socket on purpose (`cut`), which is not the client leaving. */
  cutByServer: boolean;
}

function recordRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: unknown,
  vendor: Vendor,
  model: string,
  scenario: string,
): ResponseState {
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const request: RecordedRequest = {
    vendor,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body,
    model,
    scenario,
    closedEarly: false,
    done,
  };
  const state: ResponseState = { request, closed: false, cutByServer: false };
  res.on('finish', resolveDone);
  res.on('close', () => {
    state.closed = true;
    if (!res.writableFinished && !state.cutByServer) request.closedEarly = true;
    resolveDone();
  });
  return state;
}

async function writeBody(res: ServerResponse, body: Buffer, modes: ReplayModes, state: ResponseState): Promise<void> {
  const stopAt = modes.cutAt ?? modes.stallAt;
  const sent = stopAt === undefined ? body : body.subarray(0, Math.min(stopAt, body.length));
  const pieces =
    modes.write.kind === 'bytes' ? splitBytes(sent, modes.write.seed) : splitAt(sent, eventBoundaries(body));
  for (const piece of pieces) {
    if (state.closed) return;
    await writePiece(res, piece);
    // A macrotask between writes lets the client read each piece on its own.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (state.closed) return;
  if (modes.cutAt !== undefined) {
    // An abrupt close: no terminating zero-length chunk, exactly like a dropped connection.
    // The bytes before the cut must reach the kernel first, or destroy() would drop them.
    await flushed(res);
    if (state.closed) return;
    state.cutByServer = true;
    res.socket?.destroy();
    return;
  }
  // A stall holds the response open; the client's disconnect (or server.close) ends it.
  if (modes.stallAt !== undefined) return;
  res.end();
}

// Waits only when the socket buffer is full: waiting for every write's callback would
// make a 40 000-piece re-chunked recording take seconds.
function writePiece(res: ServerResponse, piece: Buffer): Promise<void> | undefined {
  if (res.write(piece)) return undefined;
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function flushed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    res.once('close', resolve);
    // An empty write's callback runs once everything queued before it has been written.
    res.write(Buffer.alloc(0), () => {
      res.off('close', resolve);
      resolve();
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that leaves mid-upload still gets recorded (as closed early).
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
