import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The first examples under examples/ (basic stream, provider swap, fallbacks, abort and
// timeouts), run exactly as a user runs them: `node examples/<name>.mjs` in its own process,
// on the built packages, against the replay server each example starts.
const root = fileURLToPath(new URL('../../..', import.meta.url));

function run(name: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const { PATH, HOME } = process.env;
  const result = spawnSync(process.execPath, [`examples/${name}`], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: PATH ?? '', HOME: HOME ?? '', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('examples', () => {
  it('basic-stream.mjs streams the answer and both tool calls', () => {
    const result = run('basic-stream.mjs');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("I'll look up both cities.");
    expect(result.stdout).toContain('→ get_weather({"city":"Tokyo"})');
    expect(result.stdout).toContain('finish: tool_calls, 68 in / 52 out');
  });

  it.each([
    ['anthropic:claude-sonnet-5-5', "anthropic (claude-sonnet-5-5): I'll check both cities at once. [2 tool calls]"],
    ['google:gemini-2.5-flash', 'google (gemini-2.5-flash): Let me check both cities. [2 tool calls]'],
    ['openai:gpt-5.4-mini', "openai (gpt-5.4-mini-2026-03-17): I'll look up both cities. [2 tool calls]"],
  ])('provider-swap.mjs answers from SWITCHYARD_MODEL=%s alone', (model, line) => {
    const result = run('provider-swap.mjs', { SWITCHYARD_MODEL: model });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(line);
  });

  it('fallbacks.mjs moves to Gemini after Anthropic stays overloaded (one attempt, one retry)', () => {
    const result = run('fallbacks.mjs');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('answered by google after 2 failed attempts: Let me check both cities.');
  });

  it('abort-timeout.mjs keeps the partial answer on an idle timeout and on an abort', () => {
    const result = run('abort-timeout.mjs');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `idle timeout: timeout, partial "I'll look up both"`,
      `abort: aborted, partial "I'll"`,
    ]);
  });
});
