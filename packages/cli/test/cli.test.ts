import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance/replay';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, replayEnv, runCli, runCliOnTerminal, until } from './run-cli.js';

let server: ReplayServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startReplayServer({ fallbackScenario: 'demo' });
  env = replayEnv(server);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function bodyOf(index = 0): Record<string, unknown> {
  return server.requests[index]!.body as Record<string, unknown>;
}

describe('switchyard chat', () => {
  it('streams the answer and each tool call to stdout and the summary to stderr, with a real model name', async () => {
    const result = await runCli(['chat', 'anthropic:claude-sonnet-5-5', 'Weather in Paris and Tokyo?'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("I'll check both cities at once.");
    expect(result.stdout).toContain('→ get_weather');
    expect(result.stdout).toContain('"city": "Paris"');
    expect(result.stdout).toContain('"city": "Tokyo"');
    expect(result.stderr).toMatch(/finish: tool_calls \[tool_use\]/);
    expect(result.stderr).toMatch(/tokens: 590 in \/ 131 out/);
    expect(result.stderr).toMatch(/first token [\d.]+ ms · total [\d.]+ ms/);
    expect(server.requests[0]!.scenario).toBe('demo');
  });

  it('keeps reasoning off stdout when piped, so stdout holds only the answer', async () => {
    const result = await runCli(['chat', 'anthropic:claude-sonnet-5-5', 'hi'], { env });
    expect(result.stdout).not.toContain('The user asks about two cities');
    expect(result.stderr).toContain('The user asks about two cities');
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).not.toMatch(ANSI);
  });

  it('hides reasoning entirely with --no-reasoning', async () => {
    const result = await runCli(['chat', 'anthropic:claude-sonnet-5-5', 'hi', '--no-reasoning'], { env });
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain('The user asks about two cities');
  });

  it('reads the prompt from stdin and sends --system, --temperature, --max-tokens and --tools', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
    const tools = join(folder, 'tools.json');
    writeFileSync(
      tools,
      JSON.stringify([
        { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      ]),
    );
    const result = await runCli(
      [
        'chat',
        'openai:gpt-5.4-mini',
        '--system',
        'Be brief.',
        '--temperature',
        '0.2',
        '--max-tokens',
        '64',
        '--tools',
        tools,
      ],
      { env, stdin: 'What is the weather in Paris?\n' },
    );
    expect(result.code).toBe(0);
    const body = bodyOf();
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the weather in Paris?' },
    ]);
    expect(body.temperature).toBe(0.2);
    expect(body.max_completion_tokens).toBe(64);
    expect((body.tools as Array<{ function: { name: string } }>)[0]!.function.name).toBe('get_weather');
  });

  it('prints one normalized JSON event per line with --json, ending with the message and timings', async () => {
    const result = await runCli(['chat', 'google:gemini-2.5-flash', 'hi', '--json'], { env });
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]!.type).toBe('start');
    expect(events.filter((event) => event.type === 'tool_call')).toHaveLength(2);
    const last = events.at(-1)!;
    expect(last.type).toBe('complete');
    expect((last.message as { finishReason: string }).finishReason).toBe('tool_calls');
    expect(typeof last.totalMs).toBe('number');
  });

  it('uses --base-url for the spec provider', async () => {
    const { OPENAI_BASE_URL: _unset, ...rest } = env;
    const result = await runCli(['chat', 'openai:gpt-5.4-mini', 'hi', '--base-url', server.baseURL('openai')], {
      env: rest,
    });
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('colours output on a terminal and never with NO_COLOR', async () => {
    const coloured = await runCliOnTerminal(['chat', 'anthropic:claude-sonnet-5-5', 'hi'], { env });
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toMatch(ANSI);
    // On a terminal the reasoning is shown (dimmed) before the answer, on its own line.
    expect(coloured.stdout.indexOf('two cities')).toBeLessThan(coloured.stdout.indexOf("I'll check both"));
    const plain = await runCliOnTerminal(['chat', 'anthropic:claude-sonnet-5-5', 'hi'], {
      env: { ...env, NO_COLOR: '1' },
    });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(ANSI);
    expect(plain.stdout).toContain('two cities');
  });
});

describe('switchyard chat errors: one line, a hint, exit code 1', () => {
  it('names the env var when the key is missing', async () => {
    const { OPENAI_API_KEY: _unset, ...rest } = env;
    const result = await runCli(['chat', 'openai:gpt-5.4-mini', 'hi'], { env: rest });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[auth\]: .*OPENAI_API_KEY/m);
    expect(result.stderr).toMatch(/^hint: set OPENAI_API_KEY/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests).toHaveLength(0);
  });

  it('suggests the nearest provider and its package for a typo', async () => {
    const result = await runCli(['chat', 'opnai:gpt-5.4-mini', 'hi'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[invalid_request\]: .*"openai"/m);
    expect(result.stderr).toContain('@switchyard/openai');
    expect(result.stderr).not.toContain('@switchyard/opnai`');
  });

  it('names the server it tried on a network failure', async () => {
    const result = await runCli(['chat', 'openai:gpt-5.4-mini', 'hi', '--base-url', 'http://127.0.0.1:9/v1'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[network\]/m);
    expect(result.stderr).toContain('127.0.0.1:9');
  });

  it('reports a vendor auth failure without the key, and --verbose adds the cause', async () => {
    const result = await runCli(['chat', 'anthropic:claude-sonnet-5-5~status-401', 'hi', '--verbose'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[auth\]/m);
    expect(result.stderr).toMatch(/^cause: /m);
    expect(result.stderr).not.toContain(env.ANTHROPIC_API_KEY);
  });

  it('rejects a missing spec and an unknown flag as usage mistakes', async () => {
    const missing = await runCli(['chat'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: chat needs a model spec/m);
    const flag = await runCli(['chat', 'openai:gpt-5.4-mini', 'hi', '--temprature', '1'], { env });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/^error: .*--temprature/m);
  });

  it('keeps the partial answer on a truncated stream', async () => {
    const result = await runCli(['chat', 'openai:gpt-5.4-mini~cut-1804', 'hi'], { env: { ...env } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("I'll look up both");
    expect(result.stderr).toMatch(/^error \[stream_truncated\]/m);
  });

  it('aborts on Ctrl-C: the server sees the disconnect, exit code 130, no stack trace', async () => {
    const result = await runCli(['chat', 'openai:gpt-5.4-mini~stall-1804', 'hi'], {
      env,
      onSpawn(child, output) {
        void until(() => output.stdout.includes('look up both')).then(() => child.kill('SIGINT'));
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await server.requests[0]!.done;
    expect(server.requests[0]!.closedEarly).toBe(true);
  });
});

describe('switchyard providers', () => {
  it('lists adapters and presets and which key variables are set, never their values', async () => {
    const secret = 'sk-proj-ThisMustNeverBePrinted0123456789';
    const result = await runCli(['providers'], { env: { OPENAI_API_KEY: secret, GROQ_API_KEY: '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/openai\s+@switchyard\/openai\s+OPENAI_API_KEY set/);
    expect(result.stdout).toMatch(/anthropic\s+@switchyard\/anthropic\s+ANTHROPIC_API_KEY not set/);
    expect(result.stdout).toMatch(/groq\s+@switchyard\/openai\s+GROQ_API_KEY not set/);
    expect(result.stdout).toMatch(/ollama\s+@switchyard\/openai\s+no key needed/);
    expect(result.stdout).not.toContain(secret);
  });
});

describe('switchyard replay', () => {
  it('serves recorded streams on the given port until Ctrl-C', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    let answered = false;
    const result = await runCli(['replay', '--port', String(port)], {
      onSpawn(child, output) {
        void until(() => output.stdout.includes('Ctrl-C')).then(async () => {
          const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'gpt-5.4-mini', stream: true, messages: [] }),
          });
          answered = response.status === 200 && (await response.text()).includes('get_weather');
          child.kill('SIGINT');
        });
      },
    });
    expect(answered).toBe(true);
    expect(result.stdout).toContain(`export OPENAI_BASE_URL=http://127.0.0.1:${port}/v1`);
    expect(result.stdout).toContain(`export ANTHROPIC_BASE_URL=http://127.0.0.1:${port}`);
    expect(result.stdout).toContain(`export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:${port}`);
    expect(result.code).toBe(0);
  });
});

describe('switchyard demo', () => {
  it('tells one story: one question, three vendors replayed, then a truncated stream', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('RECORDED vendor streams replayed from a local server');
    expect(result.stdout).toContain("What's the weather in Paris and in Tokyo right now?");
    for (const spec of ['anthropic:claude-sonnet-5-5', 'google:gemini-2.5-flash'])
      expect(result.stdout).toContain(spec);
    expect(result.stdout).toMatch(/finishReason\s+tool_calls\s+tool_calls\s+tool_calls/);
    expect(result.stdout).toMatch(/vendor finish\s+\S+\s+tool_use\s+STOP/);
    expect(result.stdout).toContain('error [stream_truncated]');
    expect(result.stdout).toContain(`partial output kept: "I'll look up both"`);
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).toBe('');
  });
});

describe('switchyard help and version', () => {
  it('prints the usage and the package version', async () => {
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('switchyard chat <provider:model> [prompt]');
    const version = await runCli(['--version']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('rejects an unknown command with exit code 1', async () => {
    const result = await runCli(['chta']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Unknown command "chta"/m);
  });
});
