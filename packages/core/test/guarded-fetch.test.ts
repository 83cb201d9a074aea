import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createGuardedFetch, isLLMError, readSseEvents, transportError } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createGuardedFetch', () => {
  const seen: Seen[] = [];
  const twinSeen: Seen[] = [];
  let origin = '';
  let twinOrigin = '';
  const main = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    req.resume();
    const path = req.url ?? '';
    if (path === '/same') res.writeHead(307, { location: '/final' }).end();
    else if (path === '/other') res.writeHead(307, { location: `${twinOrigin}/final` }).end();
    else if (path === '/final') res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: ok\n\n');
    else if (path === '/big-error') res.writeHead(500, { 'content-type': 'application/json' }).end('x'.repeat(200_000));
    else if (path === '/bomb-error') {
      res.writeHead(500, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(8 * 1024 * 1024)));
    } else if (path === '/stall') {
      // Never answers.
    }
  });
  const twin = createServer((req, res) => {
    twinSeen.push({ path: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200).end('data: leaked\n\n');
  });

  beforeAll(async () => {
    origin = await listen(main);
    twinOrigin = await listen(twin);
  });
  afterAll(() => {
    main.closeAllConnections();
    twin.closeAllConnections();
    main.close();
    twin.close();
  });

  const headers = { authorization: 'Bearer sk-secret-0123456789', 'x-proxy-token': 'proxy-secret' };

  it('follows a redirect within the origin, with the request unchanged', async () => {
    const fetch = createGuardedFetch({ provider: 'test' });
    const response = await fetch(`${origin}/same`, { method: 'POST', headers, body: '{}' });
    expect(await response.text()).toBe('data: ok\n\n');
    expect(seen.at(-1)).toMatchObject({ path: '/final', headers: { authorization: headers.authorization } });
  });

  it('refuses a redirect to another origin as a network error, sending it nothing', async () => {
    const fetch = createGuardedFetch({ provider: 'test' });
    const error = await fetch(`${origin}/other`, { method: 'POST', headers, body: '{}' }).catch((caught) => caught);
    expect(isLLMError(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: 'network',
      retryable: false,
    });
    expect(twinSeen).toEqual([]);
  });

  it('cuts an error body to maxErrorBodyBytes', async () => {
    const fetch = createGuardedFetch({ provider: 'test', maxErrorBodyBytes: 1000 });
    const response = await fetch(`${origin}/big-error`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect((await response.text()).length).toBe(1000);
  });

  it('cuts a compressed error body after decompression (a gzip bomb costs the cap)', async () => {
    const fetch = createGuardedFetch({ provider: 'test', maxErrorBodyBytes: 4096 });
    const response = await fetch(`${origin}/bomb-error`, { method: 'POST' });
    expect((await response.arrayBuffer()).byteLength).toBe(4096);
  });

  it('ends a request that gets no headers within headersTimeoutMs as a timeout error', async () => {
    const fetch = createGuardedFetch({ provider: 'test', headersTimeoutMs: 100 });
    const started = Date.now();
    const error = await fetch(`${origin}/stall`, { method: 'POST' }).catch((caught) => caught);
    expect(transportError(error)?.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('hands a success body on untouched, for the SSE decoder', async () => {
    const fetch = createGuardedFetch({ provider: 'test' });
    const response = await fetch(`${origin}/final`, { method: 'POST' });
    const batches = [];
    let reads = 0;
    const onActivity = (): void => {
      reads++;
    };
    for await (const events of readSseEvents(response, { onActivity })) {
      batches.push(...events.map((event) => event.data));
    }
    expect(batches).toEqual(['ok']);
    // Every network read counts as activity for core's idle timeout.
    expect(reads).toBeGreaterThan(0);
  });
});
