import { LLMError } from './errors.js';
import type { AdapterLookup, AdapterModule } from './import-adapter.js';
import {
  explicitForm,
  installCommand,
  isKnownProvider,
  type ProviderSource,
  providerSource,
} from './provider-packages.js';
import { createRegistryWith, providerHint, type Registry, unknownProvider } from './registry.js';
import { parseSpec } from './spec.js';
import type { ProviderPlugin } from './types/llm.js';

/** Where the default registry looks for adapters. */
export interface DefaultRegistryOptions {
  /**
   * An absolute folder to resolve adapters from before the usual places (core's own
   * location, the application's entry folder, the working directory).
   */
  cwd?: string;
}

type PluginFactory = ((options?: Record<string, unknown>) => ProviderPlugin) & {
  preset?: (name: string) => ProviderPlugin;
  presetNames?: readonly string[];
};

// Why a provider could not be loaded, kept until `resolve` reports it.
interface Miss {
  packageName: string;
  searched: string[];
  unsupported: boolean;
  reason?: string;
}

/**
 * A registry that, on first use of a provider, imports the installed adapter package
 * `@switchyard/<package>` BY NAME (see provider-packages.ts for which package serves which
 * provider; OpenAI-compatible presets come from `@switchyard/openai`) and registers its
 * default plugin, configured from environment variables. Specs are checked against the
 * grammar before anything is looked up.
 */
export function createDefaultRegistry(options: DefaultRegistryOptions = {}): Registry {
  const misses = new Map<string, Miss>();
  const registry = createRegistryWith([], (provider, known) => {
    const miss = misses.get(provider);
    return miss === undefined ? unknownProvider(provider, known) : notInstalled(provider, miss, known);
  });
  const loading = new Map<string, Promise<void>>();
  const aliases = new Map<string, string>();
  const first = options.cwd === undefined ? [] : [options.cwd];

  // The loader is its own chunk: apps that pass LLMs or their own registry never load it.
  const importAdapter = async (name: string, from: readonly string[]): Promise<AdapterLookup> =>
    (await import('./import-adapter.js')).importAdapter(name, from);

  async function load(provider: string): Promise<void> {
    const source = providerSource(provider);
    const packageName = `@switchyard/${source.package}`;
    const lookup = await importAdapter(packageName, first);
    if (lookup.module !== undefined) {
      const plugin = pluginOf(lookup.module, provider, source, packageName);
      if (typeof plugin === 'string') {
        misses.set(provider, { packageName, searched: lookup.searched, unsupported: false, reason: plugin });
        return;
      }
      registry.register(plugin);
      misses.delete(provider);
      return;
    }
    // A preset newer than this core's table: @switchyard/openai's own list knows it.
    if (!isKnownProvider(provider) && !lookup.unsupported) {
      const openai = (await importAdapter('@switchyard/openai', first)).module?.openai as PluginFactory | undefined;
      if (openai?.presetNames?.includes(provider) === true && typeof openai.preset === 'function') {
        registry.register(openai.preset(provider));
        misses.delete(provider);
        return;
      }
    }
    misses.set(provider, { packageName, searched: lookup.searched, unsupported: lookup.unsupported });
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
      let parsed = parseSpec(spec, registry.providers());
      // Follow aliases to the provider they name (resolve reports loops and unknown names).
      for (let depth = 0; parsed === undefined && depth < 16; depth++) {
        const target = aliases.get(spec);
        if (target === undefined) return;
        spec = target;
        parsed = parseSpec(spec, registry.providers());
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

// The plugin an adapter module makes for `provider`, or why it cannot make one.
function pluginOf(
  module: AdapterModule,
  provider: string,
  source: ProviderSource,
  packageName: string,
): ProviderPlugin | string {
  const factory = module[source.factory] as PluginFactory | undefined;
  if (typeof factory !== 'function') {
    throw new LLMError(
      `${packageName} is installed but exports no "${source.factory}" factory; it is not a switchyard adapter for this core. Register its plugin yourself with createRegistry([...]).`,
      { code: 'invalid_request', provider },
    );
  }
  if (source.preset === true) {
    if (typeof factory.preset !== 'function' || factory.presetNames?.includes(provider) === false) {
      return `the installed ${packageName} has no "${provider}" preset (update it: npm install ${packageName}@latest)`;
    }
    return factory.preset(provider);
  }
  const plugin = source.options === undefined ? factory() : factory({ ...source.options });
  // A factory that ignores `name` (an older adapter): serve it under the provider asked for.
  if (plugin !== null && typeof plugin === 'object' && plugin.name !== provider) {
    return {
      name: provider,
      contractVersion: plugin.contractVersion,
      languageModel: (modelId: string) => plugin.languageModel(modelId),
    };
  }
  return plugin;
}

// Not installed where we looked: where that was, how to install it, how to register it.
function notInstalled(provider: string, miss: Miss, known: string[]): LLMError {
  const register = `${explicitForm(provider)}, and pass { registry }`;
  let message: string;
  if (miss.unsupported) {
    message = `Cannot load the "${provider}" adapter by name: this runtime cannot resolve installed packages (a browser or a worker). Register it explicitly: ${register}.`;
  } else if (miss.reason !== undefined) {
    message = `Cannot load "${provider}": ${miss.reason}. Or register it explicitly: ${register}.`;
  } else {
    const where = `${miss.packageName} was not found from ${miss.searched.join(', ')}`;
    message = isKnownProvider(provider)
      ? `The "${provider}" adapter is not installed: ${where}. Install it (${installCommand(provider)}), or register it explicitly: ${register}.`
      : `Unknown provider "${provider}": ${where}. ${providerHint(provider, known)}`;
  }
  return new LLMError(message, { code: 'invalid_request', provider });
}

let shared: Registry | undefined;

/** The registry used when a model is given as a spec string and no `registry` option is set. */
export function defaultRegistry(): Registry {
  if (shared === undefined) shared = createDefaultRegistry();
  return shared;
}
