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
  createRequire(path: string): { resolve(id: string): string; (id: string): unknown };
}
interface NodeUrlApi {
  pathToFileURL(path: string): { href: string };
}
interface NodePathApi {
  join(...parts: string[]): string;
  dirname(path: string): string;
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
      return view;
    },
    providers: () => registry.providers(),
    resolve: (spec) => registry.resolve(spec),
    async prepare(spec) {
      const parsed = parseSpec(spec);
      if (parsed === undefined || registry.providers().includes(parsed.provider)) return;
      let pending = loading.get(parsed.provider);
      if (pending === undefined) {
        pending = load(parsed.provider);
        loading.set(parsed.provider, pending);
        // A failed load may succeed once the package is installed; do not cache failures.
        pending.catch(() => loading.delete(parsed.provider));
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
  if (nodeModule === undefined || nodeUrl === undefined || nodePath === undefined) {
    throw new LLMError(
      `Model specs need the default registry, which loads ${name} and works only on Node.js here. Pass an LLM instead, or a registry: createRegistry([${name.slice(11)}()]).`,
      { code: 'invalid_request' },
    );
  }
  const base = cwd ?? (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  const require = nodeModule.createRequire(nodePath.join(base, 'switchyard-resolve.js'));
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${name}/package.json`);
  } catch {
    return undefined;
  }
  const manifest = require(manifestPath) as { exports?: unknown; module?: string; main?: string };
  const entry = esmEntry(manifest) ?? 'index.js';
  const url = nodeUrl.pathToFileURL(nodePath.join(nodePath.dirname(manifestPath), entry)).href;
  return (await import(url)) as Module;
}

function esmEntry(manifest: { exports?: unknown; module?: string; main?: string }): string | undefined {
  const root = (manifest.exports as Record<string, unknown> | undefined)?.['.'];
  if (typeof root === 'string') return root;
  const importTarget = (root as Record<string, unknown> | undefined)?.import;
  if (typeof importTarget === 'string') return importTarget;
  const nested = (importTarget as Record<string, unknown> | undefined)?.default;
  if (typeof nested === 'string') return nested;
  return manifest.module ?? manifest.main;
}

let shared: Registry | undefined;

/** The registry used when a model is given as a spec string and no `registry` option is set. */
export function defaultRegistry(): Registry {
  if (shared === undefined) shared = createDefaultRegistry();
  return shared;
}
