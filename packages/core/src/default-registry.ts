import { LLMError } from './errors.js';
import { createRegistry, type Registry } from './registry.js';
import { parseSpec } from './spec.js';
import type { ProviderPlugin } from './types/llm.js';

/** Where the default registry looks for adapters, and how it imports them. */
export interface DefaultRegistryOptions {
  /** The application's folder, adapters are resolved from here (default `process.cwd()`). */
  cwd?: string;
}

type Module = Record<string, unknown>;
type PluginFactory = (options?: Record<string, unknown>) => ProviderPlugin;
type PresetFactory = PluginFactory & { preset?: (name: string) => ProviderPlugin; presetNames?: readonly string[] };

interface NodeModuleApi {
  createRequire(path: string): { resolve: { paths(id: string): string[] | null } };
}
interface NodeUrlApi {
  pathToFileURL(path: string): { href: string };
}
interface NodePathApi {
  join(...parts: string[]): string;
  dirname(path: string): string;
}
interface NodeFsApi {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
}

// Reached through `process.getBuiltinModule` so that core has no static Node import and
// still bundles for browsers and edge runtimes (where the default registry cannot load).
function builtin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/**
 * A registry that, on first use of a provider, imports the installed adapter
 * `@switchyard/<provider>` from the application's folder and registers its default plugin
 * (`openai()`, `anthropic()`, `google()` …, configured from environment variables).
 * OpenAI-compatible presets (`groq:`, `ollama:` …) come from `@switchyard/openai`.
 */
export function createDefaultRegistry(options: DefaultRegistryOptions = {}): Registry {
  const registry = createRegistry();
  const loading = new Map<string, Promise<void>>();
  const aliases = new Map<string, string>();

  async function load(provider: string): Promise<void> {
    const direct = await importAdapter(`@switchyard/${provider}`, options.cwd);
    if (direct !== undefined) {
      const factory = direct[provider];
      if (typeof factory !== 'function') {
        throw new LLMError(
          `@switchyard/${provider} is installed but exports no "${provider}" factory; it is not a switchyard adapter for this core. Register its plugin yourself with createRegistry([...]).`,
          { code: 'invalid_request', provider },
        );
      }
      registry.register((factory as PluginFactory)());
      return;
    }
    if (provider === 'openai') return;
    const openaiModule = await importAdapter('@switchyard/openai', options.cwd);
    const openai = openaiModule?.openai as PresetFactory | undefined;
    if (openai?.presetNames?.includes(provider) && typeof openai.preset === 'function') {
      registry.register(openai.preset(provider));
    }
  }

  const view: Registry = {
    register(plugin) {
      registry.register(plugin);
      return view;
    },
    alias(name, spec) {
      registry.alias(name, spec);
      aliases.set(name, spec);
      return view;
    },
    providers: () => registry.providers(),
    resolve: (spec) => registry.resolve(spec),
    async prepare(spec) {
      let parsed = parseSpec(spec);
      // Follow aliases to the provider they name (resolve reports loops and unknown names).
      for (let depth = 0; parsed === undefined && depth < 16; depth++) {
        const target = aliases.get(spec);
        if (target === undefined) return;
        spec = target;
        parsed = parseSpec(spec);
      }
      if (parsed === undefined || registry.providers().includes(parsed.provider)) return;
      const provider = parsed.provider;
      let pending = loading.get(provider);
      if (pending === undefined) {
        pending = load(provider).finally(() => {
          // Not found or failed: look again next time (the package may be installed by then).
          if (!registry.providers().includes(provider)) loading.delete(provider);
        });
        loading.set(provider, pending);
      }
      await pending;
    },
  };
  return view;
}

/**
 * Imports an installed package's ESM entry as the application would see it: resolved from
 * `cwd`, so it works under pnpm's isolated layout and npm's flat one alike. Returns
 * `undefined` when the package is not installed.
 */
async function importAdapter(name: string, cwd: string | undefined): Promise<Module | undefined> {
  const nodeModule = builtin<NodeModuleApi>('node:module');
  const nodeUrl = builtin<NodeUrlApi>('node:url');
  const nodePath = builtin<NodePathApi>('node:path');
  const nodeFs = builtin<NodeFsApi>('node:fs');
  if (nodeModule === undefined || nodeUrl === undefined || nodePath === undefined || nodeFs === undefined) {
    throw new LLMError(
      `Model specs need the default registry, which loads ${name} and works only on Node.js here. Pass an LLM instead, or a registry: createRegistry([${name.slice(11)}()]).`,
      { code: 'invalid_request' },
    );
  }
  const base = cwd ?? (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  const require = nodeModule.createRequire(nodePath.join(base, 'switchyard-resolve.js'));
  // The package folder, found the way Node looks for packages, without going through the
  // exports map (which need not export ./package.json).
  let folder: string | undefined;
  for (const dir of require.resolve.paths(name) ?? []) {
    if (nodeFs.existsSync(nodePath.join(dir, name, 'package.json'))) {
      folder = nodePath.join(dir, name);
      break;
    }
  }
  if (folder === undefined) return undefined;
  const manifest = JSON.parse(nodeFs.readFileSync(nodePath.join(folder, 'package.json'), 'utf8')) as Manifest;
  const entry = esmEntry(manifest) ?? 'index.js';
  const url = nodeUrl.pathToFileURL(nodePath.join(folder, entry)).href;
  try {
    return (await import(url)) as Module;
  } catch (error) {
    throw new LLMError(
      `${name} is installed (in ${folder}) but failed to load: ${error instanceof Error ? error.message : String(error)}. Reinstall it, or check that its version matches @switchyard/core.`,
      { code: 'invalid_request', cause: error },
    );
  }
}

interface Manifest {
  exports?: unknown;
  module?: string;
  main?: string;
}

// The ESM entry of an exports map: `"./x.mjs"`, `{ import, require }` or `{ ".": … }`,
// with nested conditions, preferring import, then node, then default.
function esmEntry(manifest: Manifest): string | undefined {
  const exportsField = manifest.exports;
  const root =
    exportsField !== null && typeof exportsField === 'object' && '.' in exportsField
      ? (exportsField as Record<string, unknown>)['.']
      : exportsField;
  return conditionTarget(root, 0) ?? manifest.module ?? manifest.main;
}

function conditionTarget(target: unknown, depth: number): string | undefined {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object' || depth > 8) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const key of ['import', 'node', 'default']) {
    if (key in conditions) {
      const found = conditionTarget(conditions[key], depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

let shared: Registry | undefined;

/** The registry used when a model is given as a spec string and no `registry` option is set. */
export function defaultRegistry(): Registry {
  if (shared === undefined) shared = createDefaultRegistry();
  return shared;
}
