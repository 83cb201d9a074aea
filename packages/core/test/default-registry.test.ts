import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createDefaultRegistry, streamChatCompletion } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_PROVIDERS, providerSource } from '../src/provider-packages.js';
import { errorOf, rejectionOf, request } from './helpers.js';

// Temporary application folders with fake adapters installed under node_modules/@switchyard/.
let app: string;
let elsewhere: string;

/** ESM source of a fake adapter: `export function <name>()` returning a plugin whose models stream one text. */
function adapterSource(exportName: string, pluginName: string): string {
  return `
const calls = (globalThis.__switchyardFactoryCalls ??= {});
function makePlugin(name) {
  return {
    name,
    contractVersion: 1,
    options: { apiKey: 'sk-fake-adapter-key-0123456789' },
    languageModel(modelId) {
      return {
        provider: name,
        modelId,
        async *createChatCompletionStream() {
          yield { choices: [{ index: 0, delta: { role: 'assistant' }, finishReason: null }] };
          yield { choices: [{ index: 0, delta: { content: name + '/' + modelId + ' says hi' }, finishReason: null }] };
          yield { choices: [{ index: 0, delta: {}, finishReason: 'stop', rawFinishReason: 'end_turn' }] };
        },
      };
    },
  };
}
export function ${exportName}(options = {}) {
  calls[${JSON.stringify(pluginName)}] = (calls[${JSON.stringify(pluginName)}] ?? 0) + 1;
  return makePlugin(options.name ?? ${JSON.stringify(pluginName)});
}
${exportName}.presetNames = ['groq', 'ollama'];
${exportName}.preset = (name) => makePlugin(name);
`;
}

const CJS_TRAP = "exports.trap = true; throw new Error('the CommonJS entry must not be loaded');\n";

async function installPackage(
  root: string,
  name: string,
  manifest: Record<string, unknown>,
  files: Record<string, string>,
): Promise<void> {
  const dir = join(root, 'node_modules', '@switchyard', name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@switchyard/${name}`, version: '1.0.0', ...manifest }),
  );
  for (const [file, source] of Object.entries(files)) await writeFile(join(dir, file), source);
}

/** An adapter package laid out like ours: conditional exports plus `./package.json`. */
async function installAdapter(root: string, name: string, exportName = name): Promise<void> {
  await installPackage(
    root,
    name,
    {
      type: 'module',
      exports: {
        '.': { import: './index.mjs', require: './index.cjs' },
        './package.json': './package.json',
      },
    },
    { 'index.mjs': adapterSource(exportName, name), 'index.cjs': CJS_TRAP },
  );
}

function factoryCalls(name: string): number {
  const calls = (globalThis as { __switchyardFactoryCalls?: Record<string, number> }).__switchyardFactoryCalls;
  return calls?.[name] ?? 0;
}

beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'switchyard-app-'));
  elsewhere = await mkdtemp(join(tmpdir(), 'switchyard-elsewhere-'));
  // The other folder has an adapter too, so that the lookup of presets stays inside it.
  await installAdapter(elsewhere, 'openai');
  await installAdapter(app, 'fake');
  await installAdapter(app, 'counted');
  await installAdapter(app, 'openai');
  await installPackage(
    app,
    'nofactory',
    { type: 'module', exports: { '.': { import: './index.mjs' }, './package.json': './package.json' } },
    { 'index.mjs': 'export const somethingElse = 1;\n' },
  );
  // The layout from the issue: an exports map with import/require and no "./package.json".
  await installPackage(
    app,
    'plain',
    { type: 'module', exports: { '.': { import: './index.mjs', require: './index.cjs' } } },
    { 'index.mjs': adapterSource('plain', 'plain'), 'index.cjs': CJS_TRAP },
  );
  // Conditional exports written without the "." key (Node's shorthand).
  await installPackage(
    app,
    'shorthand',
    { type: 'module', exports: { import: './index.mjs', require: './index.cjs' } },
    { 'index.mjs': adapterSource('shorthand', 'shorthand'), 'index.cjs': CJS_TRAP },
  );
  // An older layout: "module" and "main" fields, no exports map.
  await installPackage(app, 'legacy', { module: './esm/index.mjs', main: './index.cjs' }, { 'index.cjs': CJS_TRAP });
  await installPackage(
    app,
    'broken',
    { type: 'module', exports: { '.': './index.mjs', './package.json': './package.json' } },
    { 'index.mjs': "throw new Error('adapter failed to initialize');\n" },
  );
  await mkdir(join(app, 'node_modules', '@switchyard', 'legacy', 'esm'));
  await writeFile(
    join(app, 'node_modules', '@switchyard', 'legacy', 'esm', 'index.mjs'),
    adapterSource('legacy', 'legacy'),
  );
});

/**
 * A package that proves it was imported: its module writes `marker`. Installed where
 * traversal specs would reach through a joined path (`@switchyard/../canary` …).
 */
async function installCanary(dir: string, marker: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'canary', version: '1.0.0', type: 'module', main: './index.mjs' }),
  );
  await writeFile(
    join(dir, 'index.mjs'),
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\nexport const x = 1;\n`,
  );
}

afterAll(async () => {
  await rm(app, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
});

describe('spec grammar before any lookup', () => {
  let marker: string;
  beforeAll(async () => {
    marker = join(app, 'canary-was-imported');
    await installCanary(join(app, 'node_modules', 'canary'), marker);
    await installCanary(join(app, 'x'), marker);
    await installCanary(join(app, 'node_modules', '@switchyard', 'x'), marker);
  });

  it.each([
    '../canary:x',
    '../../x:gpt-4o',
    '../fast-check:x',
    'core/../x:y',
    'core/../../canary:y',
    'openai/../../canary:y',
    '/tmp/x:y',
    '%2e%2e/canary:x',
    '..%2fcanary:x',
    '..\\canary:x',
    '\u0000canary:x',
    'x/:y',
  ])('refuses %j as invalid_request without importing anything', async (spec) => {
    const registry = createDefaultRegistry({ cwd: app });
    const error = await rejectionOf(registry.prepare?.(spec) ?? Promise.resolve());
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('provider names are lowercase letters, digits');
    expect(error.message).not.toContain(app);
    const viaStream = await rejectionOf(streamChatCompletion(request, {}, spec, { registry }));
    expect(viaStream.code).toBe('invalid_request');
    expect(existsSync(marker)).toBe(false);
  });

  it('does not follow an installed manifest whose ESM target climbs out with escapes', async () => {
    await installPackage(
      app,
      'escaper',
      { exports: { '.': { import: './%2e%2e/%2e%2e/canary/index.mjs', require: './index.cjs' } } },
      { 'index.cjs': 'exports.somethingElse = 1;\n' },
    );
    const error = await rejectionOf(createDefaultRegistry({ cwd: app }).prepare?.('escaper:m') ?? Promise.resolve());
    expect(error.message).toContain('exports no "escaper" factory');
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a traversal spec behind an alias before importing anything', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    expect(errorOf(() => registry.alias('evil', '../canary:x')).code).toBe('invalid_request');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('where providers come from', () => {
  it('lists the presets of @switchyard/openai, so hints and loading agree with the adapter', () => {
    const presets = KNOWN_PROVIDERS.filter((name) => providerSource(name).preset === true);
    expect([...presets].sort()).toEqual([...openai.presetNames].sort());
  });

  it('loads openai-responses from @switchyard/openai with the Responses options', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('openai-responses:gpt-5');
    expect(registry.resolve('openai-responses:gpt-5')).toMatchObject({
      provider: 'openai-responses',
      modelId: 'gpt-5',
    });
    expect(registry.providers()).toEqual(['openai-responses']);
  });
});

describe('createDefaultRegistry', () => {
  it('loads an installed adapter from the application folder on prepare', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('fake:m');
    expect(registry.providers()).toEqual(['fake']);
    expect(registry.resolve('fake:m')).toMatchObject({ provider: 'fake', modelId: 'm' });
  });

  it('splits the spec on its first colon when loading', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('fake:llama3.1:8b');
    expect(registry.resolve('fake:llama3.1:8b').modelId).toBe('llama3.1:8b');
  });

  it('reads the module entry of a package without an exports map', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('legacy:m');
    expect(registry.resolve('legacy:m').provider).toBe('legacy');
  });

  it('does not find adapters installed in another folder', async () => {
    const registry = createDefaultRegistry({ cwd: elsewhere });
    await registry.prepare?.('fake:m');
    const error = errorOf(() => registry.resolve('fake:m'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(`@switchyard/fake was not found from ${elsewhere}`);
  });

  it('names the package to install when the adapter is missing', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('nothere:m');
    const error = errorOf(() => registry.resolve('nothere:m'));
    expect(error.message).toContain('Unknown provider "nothere"');
    expect(error.message).toContain('@switchyard/nothere was not found');
    expect(error.message).toContain('createRegistry([yourPlugin])');
    // No package is named after a name nobody publishes.
    expect(error.message).not.toContain('npm install @switchyard/nothere');
  });

  it('explains that an installed package without the factory export is not an adapter', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    const error = await rejectionOf(registry.prepare?.('nofactory:m') ?? Promise.resolve());
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'nofactory' });
    expect(error.message).toContain('exports no "nofactory" factory');
    expect(error.message).toContain('createRegistry');
  });

  it('loads an OpenAI-compatible preset from @switchyard/openai', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('groq:llama-3.3-70b');
    expect(registry.resolve('groq:llama-3.3-70b')).toMatchObject({ provider: 'groq', modelId: 'llama-3.3-70b' });
  });

  it('does not invent a preset that @switchyard/openai does not list', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('together:m');
    expect(() => registry.resolve('together:m')).toThrow(
      'the installed @switchyard/openai has no "together" preset (update it: npm install @switchyard/openai@latest)',
    );
  });

  it('loads @switchyard/openai itself under its own name', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('openai:gpt-4o');
    expect(registry.resolve('openai:gpt-4o').provider).toBe('openai');
  });

  it('imports each adapter once, even when prepared concurrently', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    const before = factoryCalls('counted');
    await Promise.all([registry.prepare?.('counted:a'), registry.prepare?.('counted:b')]);
    await registry.prepare?.('counted:c');
    expect(factoryCalls('counted') - before).toBe(1);
  });

  it('keeps a plugin registered by hand instead of loading the package', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    const model = {
      provider: 'fake',
      modelId: 'mine',
      createChatCompletionStream: () => [][Symbol.iterator]() as never,
    };
    registry.register({ name: 'fake', contractVersion: 1, languageModel: () => model });
    await registry.prepare?.('fake:x');
    expect(registry.resolve('fake:x')).toBe(model);
  });

  it('accepts a bare alias name in prepare', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await expect(registry.prepare?.('some-alias')).resolves.toBeUndefined();
  });

  it('streams end to end from a spec string', async () => {
    const tokens: string[] = [];
    const message = await streamChatCompletion(request, { onToken: (token) => tokens.push(token) }, 'fake:m', {
      registry: createDefaultRegistry({ cwd: app }),
    });
    expect(tokens).toEqual(['fake/m says hi']);
    expect(message).toMatchObject({ content: 'fake/m says hi', finishReason: 'stop', rawFinishReason: 'end_turn' });
  });

  it('rejects an unknown provider end to end with the install hint', async () => {
    const error = await rejectionOf(
      streamChatCompletion(request, {}, 'nothere:m', { registry: createDefaultRegistry({ cwd: app }) }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('@switchyard/nothere');
  });

  it('never shows an adapter API key in inspect or JSON of the registry', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('fake:m');
    expect(inspect(registry, { depth: 10, showHidden: true })).not.toContain('sk-fake-adapter-key');
    expect(JSON.stringify(registry)).not.toContain('sk-fake-adapter-key');
  });

  it('reports an adapter that fails to load as an LLMError end to end', async () => {
    const error = await rejectionOf(
      streamChatCompletion(request, {}, 'broken:m', { registry: createDefaultRegistry({ cwd: app }) }),
    );
    expect(error.name).toBe('LLMError');
    expect(error.message).toContain('adapter failed to initialize');
  });

  // DEVIATION (default-registry.ts importAdapter): an adapter whose import throws rejects
  // prepare with the raw error instead of an LLMError naming the package.
  it('rejects prepare with an LLMError naming an adapter that fails to load', async () => {
    const error = await rejectionOf(createDefaultRegistry({ cwd: app }).prepare?.('broken:m') ?? Promise.resolve());
    expect(error.name).toBe('LLMError');
    expect(error.message).toContain('@switchyard/broken');
  });

  // BUG (default-registry.ts importAdapter): the manifest is found with
  // require.resolve('<name>/package.json'), which an exports map without "./package.json"
  // forbids (ERR_PACKAGE_PATH_NOT_EXPORTED), so the installed adapter is taken as missing.
  it('loads an adapter whose exports map does not export ./package.json', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('plain:m');
    expect(registry.resolve('plain:m').provider).toBe('plain');
  });

  // BUG (default-registry.ts importAdapter + esmEntry): exports written as conditions without
  // "." cannot export "./package.json", so the lookup fails; past it, esmEntry reads only
  // exports["."] and would fall back to "index.js", which does not exist.
  it('loads an adapter whose exports use the conditions shorthand', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('shorthand:m');
    expect(registry.resolve('shorthand:m').provider).toBe('shorthand');
  });

  // BUG (default-registry.ts prepare): a bare name returns early, so an alias never loads the
  // adapter of the spec it stands for.
  it('loads the adapter an alias points to', async () => {
    const registry = createDefaultRegistry({ cwd: app }).alias('quick', 'fake:m');
    await registry.prepare?.('quick');
    expect(registry.resolve('quick').provider).toBe('fake');
  });

  // BUG (default-registry.ts prepare): a missing package resolves `load` without error, so the
  // "not installed" outcome is cached although the comment says failures are not cached.
  it('finds an adapter installed after a first failed lookup', async () => {
    const registry = createDefaultRegistry({ cwd: app });
    await registry.prepare?.('late:m');
    expect(() => registry.resolve('late:m')).toThrow();
    await installAdapter(app, 'late');
    const fresh = createDefaultRegistry({ cwd: app });
    await fresh.prepare?.('late:m');
    expect(fresh.resolve('late:m').provider).toBe('late');
    await registry.prepare?.('late:m');
    expect(registry.resolve('late:m').provider).toBe('late');
  });
});
