import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
const PRELUDE = `import type {
  ChatCompletionRequest, LLM, LLMError, OutputMessage, Registry, StreamHandler, ToolCall,
} from '@switchyard/core';
declare global {
  const request: ChatCompletionRequest;
  const registry: Registry;
  const model: LLM;
  const handler: StreamHandler;
  const message: OutputMessage;
  const error: LLMError;
  const call: ToolCall;
  const signal: AbortSignal;
}
`;

function fileOf(sample: DocSample, folder: string): string {
  const js = sample.language === 'js' || sample.language === 'javascript' || sample.language === 'mjs';
  return join(cache, folder, `${sample.id}.${js ? 'mjs' : 'ts'}`);
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
      compilerOptions: { allowJs: true, checkJs: true, noUnusedLocals: false, ...options },
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
  const whole = samples.filter((sample) => !sample.fragment);
  const fragments = samples.filter((sample) => sample.fragment);
  typeCheck(writeProject('whole', whole, { noEmit: true }));
  if (fragments.length > 0) {
    const prelude = join(cache, 'prelude.d.ts');
    mkdirSync(cache, { recursive: true });
    writeFileSync(prelude, PRELUDE);
    typeCheck(writeProject('fragments', fragments, { noEmit: true }, [prelude]));
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

  it.each(runnable.map((sample) => [sample.where, sample] as const))('%s', (_where, sample) => {
    const key = 'replay-placeholder-key';
    const { PATH, HOME } = process.env;
    const js = sample.language === 'js' || sample.language === 'javascript' || sample.language === 'mjs';
    const result = spawnSync(process.execPath, [join(outDir, `${sample.id}.${js ? 'mjs' : 'js'}`)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: PATH ?? '',
        HOME: HOME ?? '',
        OPENAI_BASE_URL: server.baseURL('openai'),
        OPENAI_API_KEY: key,
        ANTHROPIC_BASE_URL: server.baseURL('anthropic'),
        ANTHROPIC_API_KEY: key,
        GOOGLE_GEMINI_BASE_URL: server.baseURL('google'),
        GEMINI_API_KEY: key,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
