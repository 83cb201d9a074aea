// Test helpers for "no secret anywhere in the error graph": a loopback server that echoes
// the credentials it receives inside each vendor's documented error body (as a misbehaving
// proxy or a verbose gateway does), and a walk over everything reachable from an error.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

export type EchoVendor = 'openai' | 'anthropic' | 'google';

export interface EchoServer {
  /** The origin, `http://127.0.0.1:<port>`. */
  origin: string;
  close(): Promise<void>;
}

const ECHOED = ['authorization', 'x-api-key', 'x-goog-api-key', 'x-proxy-token'];

/**
 * Answers every request with `status` and the vendor's error body, whose message quotes the
 * credential headers received; the same values come back in response headers too.
 */
export async function startEchoServer(vendor: EchoVendor, status: number): Promise<EchoServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const echoed = ECHOED.map((name) => `${name}=${String(req.headers[name] ?? '')}`).join(' ');
      const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': 'req_echo' };
      for (const name of ECHOED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[`x-echo-${name}`] = value;
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify(errorBody(vendor, status, `rejected credentials: ${echoed}`, echoed)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Bodies shaped as each vendor documents them; the echoed text sits in the message and in a
// nested field.
function errorBody(vendor: EchoVendor, status: number, message: string, echoed: string): unknown {
  switch (vendor) {
    case 'openai':
      return {
        error: {
          message,
          type: 'invalid_request_error',
          param: echoed,
          code: status === 401 ? 'invalid_api_key' : null,
        },
      };
    case 'anthropic':
      return {
        type: 'error',
        error: { type: status === 401 ? 'authentication_error' : 'invalid_request_error', message },
        request_id: 'req_echo',
      };
    case 'google':
      return {
        error: {
          code: status,
          message,
          status: status === 401 ? 'UNAUTHENTICATED' : 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'API_KEY_INVALID',
              metadata: { echoed },
            },
          ],
        },
      };
  }
}

/**
 * Every place a secret shows in `error`: its renderings (inspect with hidden properties and
 * unbounded depth, JSON, String, stack) and every own property value, enumerable or not,
 * reachable from it (cause chains, bodies, headers, partial, attempts).
 */
export function secretLeaks(error: unknown, secrets: readonly string[]): string[] {
  const found: string[] = [];
  const check = (where: string, text: string): void => {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${where} contains ${secret}`);
  };
  check('util.inspect', inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
  check('JSON.stringify', JSON.stringify(error) ?? '');
  check('String', String(error));
  check('stack', String((error as { stack?: unknown }).stack ?? ''));
  const seen = new Set<unknown>();
  const walk = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      check(path, value);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value) || depth > 20) return;
    seen.add(value);
    if (typeof (value as Headers).entries === 'function') {
      try {
        for (const [key, item] of (value as Headers).entries()) walk(item, `${path}[${String(key)}]`, depth + 1);
      } catch {
        // not iterable after all
      }
    }
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      let item: unknown = descriptor.value;
      if (descriptor.get) {
        try {
          item = descriptor.get.call(value);
        } catch {
          continue;
        }
      }
      walk(item, `${path}.${String(key)}`, depth + 1);
    }
  };
  walk(error, 'error', 0);
  return found;
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server on 127.0.0.1 that accepts requests and never answers (for caller timeouts). */
export async function startSilentServer(): Promise<EchoServer> {
  const server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
