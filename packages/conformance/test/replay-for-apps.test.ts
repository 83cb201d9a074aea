import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ReplayServer, SCENARIO_HEADER, startReplayServer } from '@switchyard/conformance/replay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ fallbackScenario: 'demo' });
});
afterAll(() => server.close());

function chat(model: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.baseURL('openai')}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('the replay server for apps', () => {
  it('answers a real model name with the fallback recording', async () => {
    const response = await chat('gpt-5.4-mini');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('get_weather');
    expect(server.requests.at(-1)!.scenario).toBe('demo');
  });

  it('applies fault modes after a real model name', async () => {
    const response = await chat('gpt-5.4-mini~status-503');
    expect(response.status).toBe(503);
  });

  it('lets a header select the recording whatever the model name', async () => {
    const response = await chat('gpt-5.4-mini', { [SCENARIO_HEADER]: 'text-basic' });
    const body = await response.text();
    expect(body).not.toContain('get_weather');
    expect(server.requests.at(-1)!.scenario).toBe('text-basic');
  });

  it('still answers 404 for unknown names without a fallback', async () => {
    const plain = await startReplayServer();
    try {
      const response = await fetch(`${plain.baseURL('openai')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5.4-mini', stream: true, messages: [] }),
      });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('answers CORS preflights and allows any origin', async () => {
    const preflight = await fetch(`${server.baseURL('anthropic')}/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:1',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key,anthropic-version,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-api-key,anthropic-version,content-type');
    const response = await chat('gpt-5.4-mini');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(server.requests.filter((request) => request.method === 'OPTIONS')).toHaveLength(0);
  });

  it('listens on the port it is given', async () => {
    const probe = await startReplayServer();
    const port = probe.port;
    await probe.close();
    const fixed = await startReplayServer({ port });
    try {
      expect(fixed.origin).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await fixed.close();
    }
  });

  it('keeps a standalone process alive with keepAlive, and lets it exit without', async () => {
    const script = (keepAlive: boolean) =>
      // The built entry, as an app imports it (the suite builds the packages first).
      `import { startReplayServer } from '@switchyard/conformance/replay';
       await startReplayServer({ keepAlive: ${keepAlive} });
       console.log('listening');`;
    const exited = (keepAlive: boolean) =>
      new Promise<boolean>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script(keepAlive)], {
          stdio: 'ignore',
          cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        });
        const timer = setTimeout(() => {
          child.kill();
          resolve(false);
        }, 4000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    expect(await exited(false)).toBe(true);
    expect(await exited(true)).toBe(false);
  });
});
