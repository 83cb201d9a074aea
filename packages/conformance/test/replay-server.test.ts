import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReplayServer } from '../src/replay-server.js';
import { eventBoundaries } from '../src/split-events.js';
import type { ReplayServer, Vendor } from '../src/types.js';

// A fixture folder, so the assertions do not depend on the vendor recordings others maintain.
const OPENAI_BODY = Buffer.from(
  [
    'data: {"choices":[{"delta":{"content":"héllo"}}]}',
    'data: {"choices":[{"delta":{"content":" ✓"}}]}',
    'data: [DONE]',
  ]
    .map((line) => `${line}\n\n`)
    .join(''),
);
const ANTHROPIC_BODY = Buffer.from(
  'event: message_start\ndata: {"type":"message_start"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
);
const GOOGLE_BODY = Buffer.from(
  'data: {"candidates":[{"content":{"parts":[{"text":"wörld"}]}}]}\r\n\r\ndata: {"candidates":[{"finishReason":"STOP"}]}\r\n\r\n',
);
const OPENAI_RESPONSES_BODY = Buffer.from(
  'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"wörld","sequence_number":1}\n\nevent: response.completed\ndata: {"type":"response.completed","sequence_number":2}\n\n',
);
const BODIES: Record<Vendor, Buffer> = {
  openai: OPENAI_BODY,
  'openai-responses': OPENAI_RESPONSES_BODY,
  anthropic: ANTHROPIC_BODY,
  google: GOOGLE_BODY,
};

let dir: string;
let server: ReplayServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'replay-'));
  for (const [vendor, body] of Object.entries(BODIES)) {
    mkdirSync(join(dir, vendor));
    writeFileSync(join(dir, vendor, 'text.sse'), body);
    writeFileSync(
      join(dir, vendor, 'text.json'),
      JSON.stringify({ description: 'fixture', expected: { content: '' } }),
    );
  }
  server = await startReplayServer({ recordingsDir: dir });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

function url(vendor: Vendor, model: string): string {
  if (vendor === 'openai') return `${server.baseURL('openai')}/chat/completions`;
  if (vendor === 'openai-responses') return `${server.baseURL('openai-responses')}/responses`;
  if (vendor === 'anthropic') return `${server.baseURL('anthropic')}/v1/messages`;
  return `${server.baseURL('google')}/v1beta/models/${model}:streamGenerateContent?alt=sse`;
}

function post(vendor: Vendor, model: string, signal?: AbortSignal): Promise<Response> {
  const body = vendor === 'google' ? { contents: [] } : { model, stream: true, messages: [] };
  return fetch(url(vendor, model), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/** Reads a response body with node:http, keeping each read, so write boundaries are visible. */
function readRaw(vendor: Vendor, model: string): Promise<{ status: number; reads: Buffer[]; error?: Error }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url(vendor, model));
    const req = httpRequest(target, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const reads: Buffer[] = [];
      res.on('data', (chunk: Buffer) => reads.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reads }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, reads, error }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(vendor === 'google' ? {} : { model }));
  });
}

const vendors: Vendor[] = ['openai', 'openai-responses', 'anthropic', 'google'];

describe('startReplayServer', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseURL('openai')).toBe(`${server.origin}/v1`);
    expect(server.baseURL('anthropic')).toBe(server.origin);
    expect(server.baseURL('google')).toBe(server.origin);
  });

  it.each(vendors)('serves the %s recording byte for byte as text/event-stream', async (vendor) => {
    const response = await post(vendor, 'text');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(Buffer.from(await response.arrayBuffer()).equals(BODIES[vendor])).toBe(true);
  });

  it.each(vendors)('writes one %s event per read in events mode', async (vendor) => {
    const { reads } = await readRaw(vendor, 'text~events');
    expect(Buffer.concat(reads).equals(BODIES[vendor])).toBe(true);
    // Reads may merge under load, but never split an event in events mode.
    const boundaries = new Set(eventBoundaries(BODIES[vendor]));
    let offset = 0;
    for (const read of reads) {
      offset += read.length;
      expect(boundaries.has(offset)).toBe(true);
    }
  });

  it.each(vendors)('re-chunks the %s body at seeded byte boundaries, bytes unchanged', async (vendor) => {
    const first = await readRaw(vendor, 'text~bytes-5');
    expect(Buffer.concat(first.reads).equals(BODIES[vendor])).toBe(true);
    expect(first.reads.length).toBeGreaterThan(eventBoundaries(BODIES[vendor]).length);
  });

  it('records the request with vendor, path, query, headers, parsed body and scenario', async () => {
    await (await post('google', 'text~bytes-2')).arrayBuffer();
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({
      vendor: 'google',
      method: 'POST',
      path: '/v1beta/models/text~bytes-2:streamGenerateContent',
      query: { alt: 'sse' },
      body: { contents: [] },
      model: 'text~bytes-2',
      scenario: 'text',
      closedEarly: false,
    });
    expect(recorded?.headers['content-type']).toBe('application/json');
    await expect(recorded?.done).resolves.toBeUndefined();
  });

  it.each([
    ['/v1beta/models/models%2Ftext:streamGenerateContent', 'text'],
    ['/v1/models/text:streamGenerateContent', 'text'],
    ['/v1beta/models/text%7Ebytes-1:streamGenerateContent', 'text~bytes-1'],
  ])('takes the Gemini model from %s', async (path, model) => {
    const response = await fetch(`${server.origin}${path}?alt=sse`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(GOOGLE_BODY)).toBe(true);
    expect(server.requests[0]?.model).toBe(model);
  });

  it.each(vendors)('closes the %s connection abruptly after cut-<n> bytes', async (vendor) => {
    const { reads, error } = await readRaw(vendor, 'text~cut-30');
    expect(error).toBeDefined();
    expect(Buffer.concat(reads).equals(BODIES[vendor].subarray(0, 30))).toBe(true);
    await server.requests[0]?.done;
    expect(server.requests[0]?.closedEarly).toBe(false);
  });

  it('makes fetch fail on a cut body, as a dropped connection does', async () => {
    const response = await post('openai', 'text~cut-12');
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it('stalls after stall-<n> bytes until the client aborts, and sees the abort', async () => {
    const controller = new AbortController();
    const response = await post('anthropic', 'text~stall-25', controller.signal);
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 25) {
      const { value } = await reader.read();
      received += value?.length ?? 0;
    }
    expect(received).toBe(25);
    const pending = reader.read();
    const raced = await Promise.race([pending.then(() => 'data'), new Promise((r) => setTimeout(r, 50, 'stalled'))]);
    expect(raced).toBe('stalled');
    controller.abort();
    await pending.catch(() => {});
    await server.requests[0]?.done;
    expect(server.requests[0]?.closedEarly).toBe(true);
  });

  it('marks closedEarly when the client leaves an events stream before it ends', async () => {
    const controller = new AbortController();
    const response = await post('openai', 'text~stall-1000', controller.signal);
    await response.body!.getReader().read();
    controller.abort();
    await server.requests[0]?.done;
    expect(server.requests[0]?.closedEarly).toBe(true);
  });

  it('answers 404 with the vendor error body naming the scenario and the available ones', async () => {
    const response = await post('anthropic', 'nope~bytes-1');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toContain('"nope"');
    expect(body.error.message).toContain('Available: text');
  });

  it('answers 400 naming the allowed modes for an unknown mode', async () => {
    const response = await post('openai', 'text~warp-9');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('unknown mode "warp-9"');
    expect(body.error.message).toContain('failfirst-<k>');
  });

  it('answers 404 for a path no vendor uses', async () => {
    const response = await fetch(`${server.origin}/v2/complete`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });

  it('fails only the first k requests of a model string with failfirst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await post('openai', 'text~status-503~failfirst-2');
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([503, 503, 200, 200]);
    // Another model string has its own counter.
    expect((await post('openai', 'text~status-503~failfirst-1~bytes-1')).status).toBe(503);
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect((await post('openai', 'text~status-503~failfirst-2')).status).toBe(503);
  });

  it('adds Retry-After with retry-<seconds>', async () => {
    const response = await post('anthropic', 'text~status-429~retry-3');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('keeps neither the listening socket nor idle keep-alive connections holding the process', async () => {
    const extra = await startReplayServer({ recordingsDir: dir });
    const tcp = (): number => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
    const before = tcp();
    const response = await fetch(`${extra.baseURL('openai')}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'text' }),
    });
    await response.arrayBuffer();
    // The client's idle pooled socket may stay referenced; the server adds nothing of its own.
    expect(tcp()).toBeLessThanOrEqual(before + 1);
    await extra.close();
  });

  it('closes stalled connections on close() without hanging', async () => {
    const extra = await startReplayServer({ recordingsDir: dir });
    const response = await fetch(`${extra.baseURL('openai')}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'text~stall-5' }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    await extra.close();
    await extra.requests[0]?.done;
    await expect(reader.read()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('error bodies per status', () => {
  it.each([
    [401, { error: { code: 'invalid_api_key', type: 'invalid_request_error' } }],
    [403, { error: { type: 'request_forbidden' } }],
    [404, { error: { code: 'model_not_found' } }],
    [429, { error: { code: 'rate_limit_exceeded' } }],
    [500, { error: { type: 'server_error', code: null } }],
    [503, { error: { code: 'server_is_overloaded' } }],
  ])('openai %i', async (status, expected) => {
    const response = await post('openai', `text~status-${status}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await response.json();
    expect(body).toMatchObject(expected);
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['code', 'message', 'param', 'type']);
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [529, 'overloaded_error'],
  ])('anthropic %i is %s', async (status, type) => {
    const response = await post('anthropic', `text~status-${status}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type, message: expect.any(String) } });
  });

  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ])('google %i is %s', async (status, name) => {
    const response = await post('google', `text~status-${status}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code: status, message: expect.any(String), status: name } });
  });

  it('sends the context-length errors with ctx', async () => {
    expect(await (await post('openai', 'text~status-400~ctx')).json()).toMatchObject({
      error: { code: 'context_length_exceeded', type: 'invalid_request_error' },
    });
    expect(await (await post('anthropic', 'text~ctx')).json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
    });
    const google = (await (await post('google', 'text~status-400~ctx')).json()) as { error: { message: string } };
    expect(google.error.message).toMatch(/^The input token count \(\d+\) exceeds the maximum number of tokens allowed/);
  });

  it('sends OpenAI insufficient_quota with quota', async () => {
    const response = await post('openai', 'text~status-429~quota');
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
  });

  it('repeats the retry delay as Gemini RetryInfo', async () => {
    const response = await post('google', 'text~status-429~retry-2');
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({
      error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] },
    });
  });
});
