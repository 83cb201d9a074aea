// Discovery of installed adapters by the BUILT packages, as an application sees them: small
// apps in a temporary folder with the packages installed under node_modules the way npm
// (flat) and pnpm (a store the core copy cannot see the adapter from) lay them out, run in
// a child process from another working directory ("/"), on this Node and on Node 20.0.0
// (before process.getBuiltinModule), as ESM and as CommonJS.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { installNode } from '../../../scripts/install-node.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

interface Outcome {
  provider?: string;
  modelId?: string;
  code?: string;
  message?: string;
}
interface Report {
  node: string;
  results: Record<string, Outcome>;
}

const SPECS = [
  'openai:gpt-4o',
  'groq:llama-3.3-70b',
  'openai-responses:gpt-5',
  'anthropic:claude-sonnet-4-5',
  'opnai:gpt-4o',
];

// Resolves each spec in SPECS through the default registry and prints what came out.
const RESOLVE_SPECS = `const results = {};
for (const spec of JSON.parse(process.env.SPECS)) {
  try {
    await defaultRegistry().prepare(spec);
    const model = defaultRegistry().resolve(spec);
    results[spec] = { provider: model.provider, modelId: model.modelId };
  } catch (error) {
    results[spec] = { code: error.code, message: error.message };
  }
}
console.log(JSON.stringify({ node: process.version, results }));`;
const ESM_APP = `import { defaultRegistry } from '@switchyard/core';\n${RESOLVE_SPECS}\n`;
// The same in CommonJS: core's CJS build loads the adapter.
const CJS_APP = `const { defaultRegistry } = require('@switchyard/core');\n(async () => {\n${RESOLVE_SPECS}\n})();\n`;
// A runtime without \`process\` (a browser, a worker): core must say so in one line.
const NO_PROCESS_APP = `delete globalThis.process;
const { defaultRegistry } = await import('@switchyard/core');
let message;
try {
  await defaultRegistry().prepare('groq:llama-3.3-70b');
  defaultRegistry().resolve('groq:llama-3.3-70b');
} catch (error) {
  message = error.message;
}
console.log(JSON.stringify({ message }));
`;

let scratch: string;
let flatApp: string;
let pnpmApp: string;
let bareApp: string;

/** A package as npm installs it: its manifest and built files, copied. */
function installCopy(pkg: string, dest: string): void {
  const source = join(repo, 'packages', pkg);
  if (!existsSync(join(source, 'dist', 'index.mjs'))) {
    throw new Error(`packages/${pkg}/dist is missing: build first (node scripts/setup.mjs)`);
  }
  mkdirSync(dest, { recursive: true });
  cpSync(join(source, 'package.json'), join(dest, 'package.json'));
  cpSync(join(source, 'dist'), join(dest, 'dist'), { recursive: true });
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'dir');
}

function writeApp(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(dir, 'index.mjs'), ESM_APP);
  writeFileSync(join(dir, 'index.cjs'), CJS_APP);
  writeFileSync(join(dir, 'no-process.mjs'), NO_PROCESS_APP);
}

function runApp(node: string, script: string, specs: string[] = SPECS): Report {
  const result = spawnSync(node, [script], {
    cwd: '/',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SPECS: JSON.stringify(specs), OPENAI_API_KEY: 'sk-test-discovery' },
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'switchyard-discovery-'));
  const sdk = realpathSync(join(repo, 'packages', 'openai', 'node_modules', 'openai'));

  // npm / yarn: everything flat in the app's node_modules.
  flatApp = join(scratch, 'flat', 'app');
  writeApp(flatApp);
  installCopy('core', join(flatApp, 'node_modules', '@switchyard', 'core'));
  installCopy('openai', join(flatApp, 'node_modules', '@switchyard', 'openai'));
  link(sdk, join(flatApp, 'node_modules', 'openai'));

  // pnpm with its store outside the app (global virtual store): the app's node_modules
  // holds only links; from core's real location no node_modules folder has the adapter.
  const store = join(scratch, 'store');
  const coreInStore = join(store, '@switchyard+core@0.1.0', 'node_modules', '@switchyard', 'core');
  const openaiInStore = join(store, '@switchyard+openai@0.1.0', 'node_modules', '@switchyard', 'openai');
  installCopy('core', coreInStore);
  installCopy('openai', openaiInStore);
  link(coreInStore, join(store, '@switchyard+openai@0.1.0', 'node_modules', '@switchyard', 'core'));
  link(sdk, join(store, '@switchyard+openai@0.1.0', 'node_modules', 'openai'));
  pnpmApp = join(scratch, 'pnpm', 'app');
  writeApp(pnpmApp);
  link(coreInStore, join(pnpmApp, 'node_modules', '@switchyard', 'core'));
  link(openaiInStore, join(pnpmApp, 'node_modules', '@switchyard', 'openai'));

  // Core alone (no adapter installed).
  bareApp = join(scratch, 'bare', 'app');
  writeApp(bareApp);
  installCopy('core', join(bareApp, 'node_modules', '@switchyard', 'core'));
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

function expectDiscovered(report: Report, app: string): void {
  expect(report.results['openai:gpt-4o']).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
  expect(report.results['groq:llama-3.3-70b']).toEqual({ provider: 'groq', modelId: 'llama-3.3-70b' });
  expect(report.results['openai-responses:gpt-5']).toEqual({ provider: 'openai-responses', modelId: 'gpt-5' });
  const missing = report.results['anthropic:claude-sonnet-4-5'];
  expect(missing?.code).toBe('invalid_request');
  expect(missing?.message).toContain('The "anthropic" adapter is not installed');
  expect(missing?.message).toContain(`@switchyard/anthropic was not found from @switchyard/core's own folder, ${app}`);
  expect(missing?.message).toContain('npm install @switchyard/anthropic');
  expect(missing?.message).toContain(
    "import { anthropic } from '@switchyard/anthropic'; const registry = createRegistry([anthropic()])",
  );
  const typo = report.results['opnai:gpt-4o'];
  expect(typo?.code).toBe('invalid_request');
  expect(typo?.message).toContain('Did you mean "openai"?');
  expect(typo?.message).not.toContain('install @switchyard/opnai');
  expect(typo?.message).not.toContain('opnai()');
}

describe('discovery from another working directory (built packages)', () => {
  it('finds adapters installed flat (npm, yarn) when started from "/"', () => {
    expectDiscovered(runApp(process.execPath, join(flatApp, 'index.mjs')), flatApp);
  });

  it('finds adapters under a pnpm store that core itself cannot see them from', () => {
    expectDiscovered(runApp(process.execPath, join(pnpmApp, 'index.mjs')), pnpmApp);
  });

  it('finds adapters from a CommonJS application', () => {
    expectDiscovered(runApp(process.execPath, join(pnpmApp, 'index.cjs')), pnpmApp);
    expectDiscovered(runApp(process.execPath, join(flatApp, 'index.cjs')), flatApp);
  });

  it('names the adapter to install for a typo or an uninstalled preset, never the typo', () => {
    const { results } = runApp(process.execPath, join(bareApp, 'index.mjs'), [
      'opnai:gpt-4o',
      'OPENAI:gpt-4o',
      'groq:llama-3.3-70b',
    ]);
    expect(results['opnai:gpt-4o']?.message).toContain(
      `Unknown provider "opnai": @switchyard/opnai was not found from @switchyard/core's own folder, ${bareApp}, /. Did you mean "openai"? npm install @switchyard/openai, then use "openai:<model>"`,
    );
    expect(results['OPENAI:gpt-4o']?.message).toContain('Did you mean "openai"? Write "openai:<model>".');
    expect(results['groq:llama-3.3-70b']?.message).toBe(
      `The "groq" adapter is not installed: @switchyard/openai was not found from @switchyard/core's own folder, ${bareApp}, /. Install it (npm install @switchyard/openai), or register it explicitly: import { openai } from '@switchyard/openai'; const registry = createRegistry([openai.preset('groq')]), and pass { registry }.`,
    );
  });

  it('says in one line that a runtime without package resolution needs createRegistry, with the import', () => {
    const { message } = JSON.parse(
      spawnSync(process.execPath, [join(bareApp, 'no-process.mjs')], { cwd: '/', encoding: 'utf8' }).stdout,
    ) as { message?: string };
    expect(message).toBe(
      `Cannot load the "groq" adapter by name: this runtime cannot resolve installed packages (a browser or a worker). Register it explicitly: import { openai } from '@switchyard/openai'; const registry = createRegistry([openai.preset('groq')]), and pass { registry }.`,
    );
  });
});

describe('bundling an app that has one adapter installed', () => {
  // The bundler this repository builds with (tsdown's rolldown).
  async function bundle(platform: 'browser' | 'node'): Promise<string> {
    const tsdown = createRequire(join(repo, 'package.json')).resolve('tsdown/package.json');
    const { rolldown } = (await import(pathToFileURL(createRequire(tsdown).resolve('rolldown')).href)) as {
      rolldown(
        options: Record<string, unknown>,
      ): Promise<{ generate(options: Record<string, unknown>): Promise<{ output: { code?: string }[] }> }>;
    };
    const entry = join(flatApp, `bundle-${platform}.mjs`);
    writeFileSync(
      entry,
      "import { streamChatCompletion } from '@switchyard/core';\nexport const run = (request) => streamChatCompletion(request, {}, 'openai:gpt-4o');\n",
    );
    const build = await rolldown({ input: entry, platform, logLevel: 'silent' });
    const { output } = await build.generate({ format: 'esm' });
    return output.map((chunk) => chunk.code ?? '').join('\n');
  }

  it.each(['browser', 'node'] as const)(
    'builds for %s without resolving any adapter or Node built-in',
    async (platform) => {
      const code = await bundle(platform);
      expect(code).toContain('createDefaultRegistry');
      expect(code).not.toMatch(/\bfrom\s*["']node:/);
      expect(code).not.toMatch(/import\(\s*["']@switchyard\//);
      expect(code).not.toContain('@switchyard/anthropic');
    },
  );
});

describe.skipIf(!linuxX64)('discovery on Node 20.0.0 (no process.getBuiltinModule)', () => {
  let node20: string;
  beforeAll(() => {
    node20 = installNode('20.0.0');
  }, 180_000);

  it('finds adapters installed flat, from "/"', () => {
    const report = runApp(node20, join(flatApp, 'index.mjs'));
    expect(report.node).toBe('v20.0.0');
    expectDiscovered(report, flatApp);
  });

  it('finds adapters under a pnpm store, from "/", as ESM and CommonJS', () => {
    const esm = runApp(node20, join(pnpmApp, 'index.mjs'));
    expect(esm.node).toBe('v20.0.0');
    expectDiscovered(esm, pnpmApp);
    expectDiscovered(runApp(node20, join(pnpmApp, 'index.cjs')), pnpmApp);
  });
});
