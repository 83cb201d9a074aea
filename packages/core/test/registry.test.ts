import { inspect } from 'node:util';
import {
  CORE_CONTRACT_VERSION,
  checkPlugin,
  createRegistry,
  type LLM,
  LLMError,
  type ProviderPlugin,
  registerSecret,
} from '@switchyard/core';
import { createScriptedModel } from '@switchyard/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { errorOf } from './helpers.js';

function plugin(name: string, extra: Partial<ProviderPlugin> = {}): ProviderPlugin {
  return {
    name,
    contractVersion: CORE_CONTRACT_VERSION,
    languageModel: (modelId: string): LLM => createScriptedModel({ provider: name, modelId }),
    ...extra,
  };
}

describe('createRegistry', () => {
  it.each([
    ['openai:gpt-4o', 'openai', 'gpt-4o'],
    ['ollama:llama3.1:8b', 'ollama', 'llama3.1:8b'],
    ['openrouter:anthropic/claude-3.5-sonnet', 'openrouter', 'anthropic/claude-3.5-sonnet'],
  ])('resolves %j with the model id after the first colon', (spec, provider, modelId) => {
    const languageModel = vi.fn((id: string) => createScriptedModel({ provider, modelId: id }));
    const registry = createRegistry([plugin(provider, { languageModel })]);
    const model = registry.resolve(spec);
    expect(languageModel).toHaveBeenCalledExactlyOnceWith(modelId);
    expect(model).toMatchObject({ provider, modelId });
  });

  it('returns the plugin model as it is', () => {
    const model = createScriptedModel();
    expect(createRegistry([plugin('p', { languageModel: () => model })]).resolve('p:m')).toBe(model);
  });

  it('lists the registered providers in registration order', () => {
    const registry = createRegistry([plugin('openai'), plugin('anthropic')]);
    registry.register(plugin('groq'));
    expect(registry.providers()).toEqual(['openai', 'anthropic', 'groq']);
  });

  it('starts empty without plugins', () => {
    expect(createRegistry().providers()).toEqual([]);
  });

  it('returns itself from register and alias, for chaining', () => {
    const registry = createRegistry();
    expect(registry.register(plugin('p'))).toBe(registry);
    expect(registry.alias('fast', 'p:m')).toBe(registry);
  });

  it('replaces a plugin registered again under the same name', () => {
    const registry = createRegistry([plugin('p', { languageModel: () => createScriptedModel({ modelId: 'old' }) })]);
    registry.register(plugin('p', { languageModel: () => createScriptedModel({ modelId: 'new' }) }));
    expect(registry.resolve('p:x').modelId).toBe('new');
    expect(registry.providers()).toEqual(['p']);
  });

  it('registers the same adapter twice under different names', () => {
    const registry = createRegistry([plugin('openai'), plugin('groq')]);
    expect(registry.resolve('groq:llama-3.3-70b').provider).toBe('groq');
  });
});

describe('aliases', () => {
  it('resolves an alias to its spec', () => {
    const registry = createRegistry([plugin('anthropic')]).alias('smart', 'anthropic:claude-sonnet-4-5');
    expect(registry.resolve('smart')).toMatchObject({ provider: 'anthropic', modelId: 'claude-sonnet-4-5' });
  });

  it('follows a chain of aliases', () => {
    const registry = createRegistry([plugin('openai')])
      .alias('default', 'fast')
      .alias('fast', 'cheap')
      .alias('cheap', 'openai:gpt-4o-mini');
    expect(registry.resolve('default').modelId).toBe('gpt-4o-mini');
  });

  it('lets a later alias replace an earlier one', () => {
    const registry = createRegistry([plugin('openai')])
      .alias('fast', 'openai:a')
      .alias('fast', 'openai:b');
    expect(registry.resolve('fast').modelId).toBe('b');
  });

  it('reports an alias loop as a clear error instead of hanging', () => {
    const registry = createRegistry([plugin('openai')])
      .alias('a', 'b')
      .alias('b', 'a');
    const error = errorOf(() => registry.resolve('a'));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/loop/);
    expect(error.message).toContain('"a"');
  });

  it.each(['openai:gpt-4o', '', 'a:b'])('refuses %j as an alias name', (name) => {
    expect(errorOf(() => createRegistry().alias(name, 'openai:gpt-4o')).code).toBe('invalid_request');
  });

  it('refuses an over-long alias name without echoing it whole', () => {
    const error = errorOf(() => createRegistry().alias('a'.repeat(100_000), 'openai:gpt-4o'));
    expect(error.code).toBe('invalid_request');
    expect(error.message.length).toBeLessThan(300);
  });

  it('refuses a traversal spec as an alias target', () => {
    expect(errorOf(() => createRegistry().alias('fast', '../../x:gpt-4o')).message).toContain('lowercase letters');
  });

  it.each(['', 'openai:', ':model'])('refuses %j as an alias target', (spec) => {
    expect(errorOf(() => createRegistry().alias('fast', spec)).code).toBe('invalid_request');
  });

  it('explains a bare name that is neither a spec nor an alias, suggesting a close alias', () => {
    const registry = createRegistry([plugin('openai')]).alias('smart', 'openai:gpt-4o');
    const error = errorOf(() => registry.resolve('smrt'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('"smrt" is neither a "provider:model" spec nor a registered alias');
    expect(error.message).toContain('Did you mean the alias "smart"?');
    expect(error.message).toContain('registry.alias("smrt"');
  });
});

describe('resolve errors', () => {
  it.each([
    ['an empty spec', ''],
    ['a blank spec', '  '],
    ['an empty provider', ':gpt-4o'],
    ['an empty model id', 'openai:'],
  ])('refuses %s with invalid_request', (_label, spec) => {
    const error = errorOf(() => createRegistry([plugin('openai')]).resolve(spec));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('invalid_request');
  });

  it('names the registered providers, the nearest one and the package to install for an unknown provider', () => {
    const registry = createRegistry([plugin('openai'), plugin('anthropic')]);
    const error = errorOf(() => registry.resolve('opnai:gpt-4o'));
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'opnai' });
    expect(error.message).toContain('Unknown provider "opnai"');
    expect(error.message).toContain('Registered providers: openai, anthropic.');
    expect(error.message).toContain('Did you mean "openai"?');
    // The hint names the provider matched, never the typo.
    expect(error.message).not.toContain('@switchyard/opnai');
  });

  it('installs and registers the adapter a typo nearly names when it is not registered', () => {
    const error = errorOf(() => createRegistry([plugin('anthropic')]).resolve('opnai:gpt-4o'));
    expect(error.message).toContain('Did you mean "openai"? npm install @switchyard/openai');
    expect(error.message).toContain("import { openai } from '@switchyard/openai'");
    expect(error.message).not.toContain('opnai()');
  });

  it('names the package and the preset call for a preset provider, without a "did you mean"', () => {
    const error = errorOf(() => createRegistry([plugin('openai')]).resolve('mistral:large'));
    expect(error.message).not.toContain('Did you mean');
    expect(error.message).toContain("createRegistry([openai.preset('mistral')])");
    expect(error.message).toContain('npm install @switchyard/openai');
  });

  it('tells how to register an unknown provider without naming a package after it', () => {
    const error = errorOf(() => createRegistry([plugin('openai')]).resolve('acme-internal:m'));
    expect(error.message).not.toContain('Did you mean');
    expect(error.message).not.toContain('@switchyard/acme');
    expect(error.message).toContain('with a plugin named "acme-internal"');
  });

  it('says so when no provider is registered', () => {
    expect(errorOf(() => createRegistry().resolve('openai:gpt-4o')).message).toContain('No providers are registered.');
  });

  it('matches provider names case-insensitively when suggesting', () => {
    expect(errorOf(() => createRegistry([plugin('openai')]).resolve('OpenAI:gpt-4o')).message).toContain(
      'Did you mean "openai"?',
    );
  });
});

describe('plugin checks', () => {
  it('accepts a plugin built for this contract', () => {
    expect(() => checkPlugin(plugin('p'))).not.toThrow();
  });

  it.each([0, 2, 99])('refuses a plugin built for contract version %i, naming both versions', (contractVersion) => {
    const error = errorOf(() => createRegistry().register(plugin('acme', { contractVersion })));
    expect(error).toMatchObject({ code: 'invalid_request', provider: 'acme' });
    expect(error.message).toContain(`contract v${contractVersion}`);
    expect(error.message).toContain(`implements v${CORE_CONTRACT_VERSION}`);
    expect(error.message).toContain('@switchyard/acme@latest');
  });

  it.each<[string, unknown]>([
    ['a plugin without contractVersion', { name: 'p', languageModel: () => undefined }],
    ['a plugin with a string contractVersion', { name: 'p', contractVersion: '1', languageModel: () => undefined }],
  ])('refuses %s as a contract mismatch', (_label, value) => {
    expect(errorOf(() => checkPlugin(value as ProviderPlugin)).message).toMatch(/contract/);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /Not a switchyard provider plugin/],
    ['undefined', undefined, /Not a switchyard provider plugin/],
    ['a string', 'openai', /Not a switchyard provider plugin/],
    ['a factory passed instead of its plugin', () => plugin('p'), /Not a switchyard provider plugin/],
    ['an object without languageModel', { name: 'p', contractVersion: 1 }, /Not a switchyard provider plugin/],
    ['a plugin with an empty name', { name: '', contractVersion: 1, languageModel: () => undefined }, /non-empty name/],
    [
      'a plugin whose name has a colon',
      { name: 'a:b', contractVersion: 1, languageModel: () => undefined },
      /without ":"/,
    ],
    ['a plugin without a name', { contractVersion: 1, languageModel: () => undefined }, /non-empty name/],
    [
      'a plugin whose name has upper case and a space',
      { name: 'My Groq', contractVersion: 1, languageModel: () => undefined },
      /lowercase letters/,
    ],
    [
      'a plugin whose name climbs folders',
      { name: '../x', contractVersion: 1, languageModel: () => undefined },
      /lowercase letters/,
    ],
  ])('refuses %s with a clear error', (_label, value, message) => {
    const error = errorOf(() => createRegistry([value as ProviderPlugin]));
    expect(error).toBeInstanceOf(LLMError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });
});

describe('secrets', () => {
  it('never shows an API key held by a registered plugin in inspect or JSON of the registry', () => {
    const apiKey = 'sk-registry-secret-0123456789abcdef';
    registerSecret(apiKey);
    const keyed = { ...plugin('p'), options: { apiKey } };
    const registry = createRegistry([keyed]).alias('fast', 'p:m');
    expect(inspect(registry, { depth: 10, showHidden: true })).not.toContain(apiKey);
    expect(JSON.stringify(registry)).not.toContain(apiKey);
  });
});
