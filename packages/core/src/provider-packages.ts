/**
 * Where the default registry finds a provider: the package `@switchyard/<package>`, the
 * factory it exports, and how that factory is called. Data, so a new preset or a second
 * API of an adapter is one line here.
 */
export interface ProviderSource {
  /** The package name after `@switchyard/`. */
  readonly package: string;
  /** The exported factory (`openai`, `anthropic` …). */
  readonly factory: string;
  /** Options the factory is called with (a second API of one adapter). */
  readonly options?: Readonly<Record<string, string>>;
  /** A preset of the factory: `factory.preset(provider)` (OpenAI-compatible services). */
  readonly preset?: boolean;
}

const openaiPreset: ProviderSource = { package: 'openai', factory: 'openai', preset: true };

// The presets mirror @switchyard/openai's `presetNames` (a test keeps them equal); a preset
// added there later is still found through that list, this table only sharpens the hints.
const SOURCES: ReadonlyMap<string, ProviderSource> = new Map<string, ProviderSource>([
  ['openai', { package: 'openai', factory: 'openai' }],
  [
    'openai-responses',
    { package: 'openai', factory: 'openai', options: { api: 'responses', name: 'openai-responses' } },
  ],
  ['anthropic', { package: 'anthropic', factory: 'anthropic' }],
  ['google', { package: 'google', factory: 'google' }],
  ['ollama', openaiPreset],
  ['vllm', openaiPreset],
  ['lmstudio', openaiPreset],
  ['groq', openaiPreset],
  ['together', openaiPreset],
  ['deepseek', openaiPreset],
  ['openrouter', openaiPreset],
  ['xai', openaiPreset],
  ['mistral', openaiPreset],
  ['fireworks', openaiPreset],
  ['cerebras', openaiPreset],
  ['perplexity', openaiPreset],
]);

/** The provider names switchyard's own adapters serve. */
export const KNOWN_PROVIDERS: readonly string[] = [...SOURCES.keys()];

/** Whether `provider` is served by one of switchyard's own adapters. */
export function isKnownProvider(provider: string): boolean {
  return SOURCES.has(provider);
}

/** Where `provider` comes from; an unknown (valid) name is looked for as `@switchyard/<provider>`. */
export function providerSource(provider: string): ProviderSource {
  return SOURCES.get(provider) ?? { package: provider, factory: provider };
}

/** `npm install @switchyard/<package>` for a provider. */
export function installCommand(provider: string): string {
  return `npm install @switchyard/${providerSource(provider).package}`;
}

/**
 * The explicit registration of a provider, as one line of code:
 * `import { openai } from '@switchyard/openai'; const registry = createRegistry([openai.preset('groq')])`.
 */
export function explicitForm(provider: string): string {
  const source = SOURCES.get(provider);
  if (source === undefined) {
    return `const registry = createRegistry([yourPlugin]) with a plugin named "${provider}" ({ name, contractVersion, languageModel })`;
  }
  const call = source.preset
    ? `${source.factory}.preset('${provider}')`
    : `${source.factory}(${source.options === undefined ? '' : optionsText(source.options)})`;
  return `import { ${source.factory} } from '@switchyard/${source.package}'; const registry = createRegistry([${call}])`;
}

function optionsText(options: Readonly<Record<string, string>>): string {
  const fields = Object.keys(options).map((key) => `${key}: '${options[key]}'`);
  return `{ ${fields.join(', ')} }`;
}
