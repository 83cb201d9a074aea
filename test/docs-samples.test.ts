import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance/replay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSamples, type DocSample } from './docs-samples.js';

// Docs that cannot rot: every TypeScript/JavaScript sample in README.md, docs/ and the
// package READMEs is type-checked against the sources, and the samples marked `run` are
// compiled and run against the replay server, as a reader would run them.
const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'docs-samples');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const samples = allSamples(root);
const errors = new Map<string, string[]>();

// Values the docs' `ts fragment` samples use without declaring them: a fragment is a part of
// a program, and these stand for the rest of it. Whole samples never see these names.
const PRELUDE = `import type * as core from '@switchyard/core';
declare global {
  // The values a fragment's surrounding program would hold.
  const request: core.ChatCompletionRequest;
  const messages: core.Message[];
  const registry: core.Registry;
  const model: core.LLM;
  const handler: core.StreamHandler;
  const message: core.OutputMessage;
  const error: core.LLMError;
  const call: core.ToolCall;
  const result: unknown;
  const signal: AbortSignal;
  // The entry points and types a fragment names without repeating their import.
  const streamChatCompletion: typeof core.streamChatCompletion;
  const chatStream: typeof core.chatStream;
  const complete: typeof core.complete;
  const runTools: typeof core.runTools;
  type OutputMessage = core.OutputMessage;
  type Message = core.Message;
  type ToolCall = core.ToolCall;
  type ToolStep = core.ToolStep;
  type Usage = core.Usage;
}
`;
// Ambient modules need a file of their own (a script, not a module).
const PRELUDE_MODULES = `declare module 'switchyard-acme' {
  import type { ProviderPlugin } from '@switchyard/core';
  /** A third-party adapter, as the conformance README's example imports it. */
  export function acme(options: { baseURL: string; apiKey: string }): ProviderPlugin;
}
`;

function runNode(file: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function fileOf(sample: DocSample, folder: string): string {
  const js = sample.language === 'js' || sample.language === 'javascript' || sample.language === 'mjs';
  return join(cache, folder, `${sample.id}.${js ? 'mjs' : 'ts'}`);
}

// The vendor SDKs and OpenTelemetry are dependencies of the packages, not of the repository
// root (pnpm keeps them out of reach from here): a node_modules beside the samples links them
// where the packages have them, so samples resolve them as an app would.
const VENDOR_PACKAGES: ReadonlyArray<[string, string]> = [
  ['openai', 'packages/openai/node_modules/openai'],
  ['@anthropic-ai/sdk', 'packages/anthropic/node_modules/@anthropic-ai/sdk'],
  ['@google/genai', 'packages/google/node_modules/@google/genai'],
  ['@google/generative-ai', 'packages/google/node_modules/@google/generative-ai'],
  ['@opentelemetry/api', 'packages/otel/node_modules/@opentelemetry/api'],
  ['@opentelemetry/sdk-trace-base', 'packages/otel/node_modules/@opentelemetry/sdk-trace-base'],
];

function linkVendorPackages(): void {
  for (const [name, dir] of VENDOR_PACKAGES) {
    const link = join(cache, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(root, dir)), link, 'dir');
  }
}

/** The root's paths to the sources, absolute (a config elsewhere extends it). */
function samplePaths(): Record<string, string[]> {
  const rootConfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const paths: Record<string, string[]> = {};
  for (const [name, targets] of Object.entries(rootConfig.compilerOptions.paths)) {
    paths[name] = targets.map((target) => join(root, target));
  }
  return paths;
}

function writeProject(
  folder: string,
  list: DocSample[],
  options: Record<string, unknown>,
  extra: string[] = [],
): string {
  mkdirSync(join(cache, folder), { recursive: true });
  for (const sample of list) {
    // `export {}` makes every sample a module, so its names never clash with another's.
    writeFileSync(fileOf(sample, folder), `${sample.code}\nexport {};\n`);
  }
  const config = join(cache, folder, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { allowJs: true, checkJs: true, noUnusedLocals: false, paths: samplePaths(), ...options },
      include: [...list.map((sample) => fileOf(sample, folder)), ...extra],
    }),
  );
  return config;
}

function typeCheck(config: string): void {
  const result = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8' });
  for (const line of `${result.stdout}${result.stderr}`.split('\n')) {
    const match = /([\w.-]+)\.(?:ts|mjs)\((\d+),\d+\): (error .*)$/.exec(line);
    if (match === null) continue;
    const list = errors.get(match[1]!) ?? [];
    list.push(`line ${match[2]}: ${match[3]}`);
    errors.set(match[1]!, list);
  }
}

beforeAll(() => {
  rmSync(cache, { recursive: true, force: true });
  linkVendorPackages();
  const whole = samples.filter((sample) => !sample.fragment);
  const fragments = samples.filter((sample) => sample.fragment);
  typeCheck(writeProject('whole', whole, { noEmit: true }));
  if (fragments.length > 0) {
    const prelude = join(cache, 'prelude.d.ts');
    const preludeModules = join(cache, 'prelude-modules.d.ts');
    mkdirSync(cache, { recursive: true });
    writeFileSync(prelude, PRELUDE);
    writeFileSync(preludeModules, PRELUDE_MODULES);
    typeCheck(writeProject('fragments', fragments, { noEmit: true }, [prelude, preludeModules]));
  }
}, 180_000);

describe('docs samples type-check', () => {
  it('finds the samples', () => {
    expect(samples.length).toBeGreaterThan(20);
  });

  it.each(samples.map((sample) => [sample.where, sample] as const))('%s', (_where, sample) => {
    expect(errors.get(sample.id) ?? []).toEqual([]);
  });
});

describe('runnable docs samples run against the replay server', () => {
  const runnable = samples.filter((sample) => sample.run);
  let server: ReplayServer;
  let outDir: string;

  beforeAll(async () => {
    server = await startReplayServer({ fallbackScenario: 'demo' });
    // Compiled by tsc (no type errors matter here: the type-check above reports them).
    const config = writeProject('run', runnable, {
      noEmit: false,
      outDir: join(cache, 'run-out'),
      rootDir: join(cache, 'run'),
      declaration: false,
      sourceMap: false,
      paths: {},
    });
    spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8' });
    outDir = join(cache, 'run-out');
    writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  }, 120_000);
  afterAll(() => server?.close());

  it('has runnable samples', () => {
    expect(runnable.length).toBeGreaterThan(3);
  });

  it.each(runnable.map((sample) => [sample.where, sample] as const))('%s', async (_where, sample) => {
    const key = 'replay-placeholder-key';
    const { PATH, HOME } = process.env;
    const js = sample.language === 'js' || sample.language === 'javascript' || sample.language === 'mjs';
    // Asynchronously: the replay server answering it lives in this process.
    const result = await runNode(join(outDir, `${sample.id}.${js ? 'mjs' : 'js'}`), {
      PATH: PATH ?? '',
      HOME: HOME ?? '',
      OPENAI_BASE_URL: server.baseURL('openai'),
      OPENAI_API_KEY: key,
      ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
      ANTHROPIC_API_KEY: key,
      GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
      GEMINI_API_KEY: key,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
