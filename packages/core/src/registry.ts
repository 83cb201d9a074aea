import { CORE_CONTRACT_VERSION } from './contract.js';
import { LLMError } from './errors.js';
import { nearestName } from './nearest-name.js';
import { explicitForm, installCommand, isKnownProvider, KNOWN_PROVIDERS } from './provider-packages.js';
import { echo, isProviderName, PROVIDER_NAME_RULE, parseSpec } from './spec.js';
import type { LLM, ProviderPlugin } from './types/llm.js';

/** Maps `provider:model` specs and aliases to models. */
export interface Registry {
  /** Adds a plugin under its `name`, replacing one of the same name. */
  register(plugin: ProviderPlugin): Registry;
  /** The model for a `provider:model` spec or an alias. Throws a clear `LLMError` otherwise. */
  resolve(spec: string): LLM;
  /** Makes a bare `name` stand for `spec` (another alias or a `provider:model`). */
  alias(name: string, spec: string): Registry;
  /** The registered provider names. */
  providers(): string[];
  /**
   * Loads what `spec` needs before `resolve` (the default registry imports installed
   * adapters here). Optional: plain registries resolve only what was registered.
   */
  prepare?(spec: string): Promise<void>;
}

const MAX_ALIAS_DEPTH = 16;

/** Checks that a plugin targets this core's contract, with an error that says what to install. */
export function checkPlugin(plugin: ProviderPlugin): void {
  if (plugin === null || typeof plugin !== 'object' || typeof plugin.languageModel !== 'function') {
    throw new LLMError(
      'Not a switchyard provider plugin: expected { name, contractVersion, languageModel(modelId) }, as returned by openai(), anthropic() or google().',
      { code: 'invalid_request' },
    );
  }
  if (typeof plugin.name !== 'string' || !isProviderName(plugin.name)) {
    const got = typeof plugin.name === 'string' ? echo(plugin.name) : typeof plugin.name;
    throw new LLMError(
      `A provider plugin needs a non-empty name without ":" that a spec can name: ${PROVIDER_NAME_RULE} (got ${got}).`,
      { code: 'invalid_request' },
    );
  }
  if (plugin.contractVersion !== CORE_CONTRACT_VERSION) {
    throw new LLMError(
      `The "${plugin.name}" adapter was built for switchyard core contract v${String(plugin.contractVersion)}, but this @switchyard/core implements v${CORE_CONTRACT_VERSION}. Install matching versions, e.g. \`npm install @switchyard/core@latest @switchyard/${plugin.name}@latest\`.`,
      { code: 'invalid_request', provider: plugin.name },
    );
  }
}

/** Creates a registry holding `plugins`. */
export function createRegistry(plugins: readonly ProviderPlugin[] = []): Registry {
  return createRegistryWith(plugins, unknownProvider);
}

/** A registry whose error for an unregistered provider comes from `unknown` (the default registry's says where it looked). */
export function createRegistryWith(
  plugins: readonly ProviderPlugin[],
  unknown: (provider: string, known: string[]) => LLMError,
): Registry {
  const byName = new Map<string, ProviderPlugin>();
  const aliases = new Map<string, string>();

  const registry: Registry = {
    register(plugin) {
      checkPlugin(plugin);
      byName.set(plugin.name, plugin);
      return registry;
    },
    alias(name, spec) {
      // parseSpec also refuses an over-long name or one with control characters.
      if (typeof name !== 'string' || name.trim() === '' || name.includes(':') || parseSpec(name) !== undefined) {
        throw new LLMError(
          `An alias is a bare name without ":" (got ${typeof name === 'string' ? echo(name) : typeof name}).`,
          { code: 'invalid_request' },
        );
      }
      parseSpec(spec, [...byName.keys()]);
      aliases.set(name, spec);
      return registry;
    },
    providers() {
      return [...byName.keys()];
    },
    resolve(spec) {
      let current = spec;
      for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
        const parsed = parseSpec(current, [...byName.keys()]);
        if (parsed === undefined) {
          const target = aliases.get(current);
          if (target === undefined) throw unknownAlias(current, [...aliases.keys()]);
          current = target;
          continue;
        }
        const plugin = byName.get(parsed.provider);
        if (plugin === undefined) throw unknown(parsed.provider, [...byName.keys()]);
        return plugin.languageModel(parsed.modelId);
      }
      throw new LLMError(`The alias ${echo(spec)} does not end in a "provider:model" spec (aliases loop).`, {
        code: 'invalid_request',
      });
    },
  };
  for (const plugin of plugins) registry.register(plugin);
  return registry;
}

function unknownAlias(name: string, known: string[]): LLMError {
  const near = nearestName(name, known);
  const shown = echo(name);
  return new LLMError(
    `${shown} is neither a "provider:model" spec nor a registered alias.${near ? ` Did you mean the alias "${near}"?` : ''} Write "provider:model" (e.g. "openai:gpt-4o") or register it with registry.alias(${shown}, "provider:model").`,
    { code: 'invalid_request' },
  );
}

/**
 * The error for a provider nobody registered: what is registered, the provider the name
 * most likely meant, and how to install and register that one (never a package named
 * after a typo).
 */
export function unknownProvider(provider: string, known: string[]): LLMError {
  const listed = known.length > 0 ? `Registered providers: ${known.join(', ')}.` : 'No providers are registered.';
  return new LLMError(`Unknown provider "${provider}". ${listed} ${providerHint(provider, known)}`, {
    code: 'invalid_request',
    provider,
  });
}

/** What to do about an unregistered provider: register the one it names, or the one it nearly names. */
export function providerHint(provider: string, known: readonly string[]): string {
  if (isKnownProvider(provider)) return `Register it: ${explicitForm(provider)} (${installCommand(provider)}).`;
  const near = nearestName(provider, [...known, ...KNOWN_PROVIDERS]);
  if (near !== undefined && known.includes(near)) return `Did you mean "${near}"?`;
  if (near !== undefined) {
    return `Did you mean "${near}"? ${installCommand(near)}, then use "${near}:<model>" (or register it: ${explicitForm(near)}).`;
  }
  return `To use your own adapter, register its plugin under this name: ${explicitForm(provider)}.`;
}
