import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReplayServer } from '@switchyard/conformance/replay';

/** The built command, as users run it. */
export const CLI: string = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Called with the child once it runs (to send signals). */
  onSpawn?: (child: ReturnType<typeof spawn>, output: { stdout: string; stderr: string }) => void;
}

/** Environment pointing every bundled vendor at the replay server, with placeholder keys. */
export function replayEnv(server: ReplayServer): Record<string, string> {
  return {
    OPENAI_BASE_URL: server.baseURL('openai'),
    OPENAI_API_KEY: 'sk-replay-placeholder-0000000000',
    ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
    ANTHROPIC_API_KEY: 'sk-ant-replay-placeholder-000000',
    GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
    GEMINI_API_KEY: 'AIza-replay-placeholder-00000000',
  };
}

/** A clean environment: no keys or colour settings from the machine running the tests. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Runs `node dist/cli.mjs …` off a terminal (pipes), resolving with its output and exit code. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return spawnAndCollect(process.execPath, [CLI, ...args], options);
}

/**
 * Runs the command on a pseudo-terminal through `script(1)`: stdout and stderr are a TTY, as
 * in a user's shell. Both arrive merged on stdout.
 */
export function runCliOnTerminal(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  return spawnAndCollect('script', ['-qefc', command, '/dev/null'], options);
}

function spawnAndCollect(file: string, args: string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...baseEnv(), ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(file, args, { env: env as Record<string, string>, stdio: ['pipe', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output.stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...output }));
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
    options.onSpawn?.(child, output);
  });
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Resolves once `predicate` holds, polling every 20 ms (bounded by the test's timeout). */
export async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
export const ANSI: RegExp = /\x1b\[/;
