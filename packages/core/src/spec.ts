import { LLMError } from './errors.js';
import { nearestName } from './nearest-name.js';
import { KNOWN_PROVIDERS } from './provider-packages.js';

/** A model spec split into its parts: `"ollama:llama3.1:8b"` → `ollama` + `llama3.1:8b`. */
export interface ParsedSpec {
  provider: string;
  modelId: string;
}

/** Longest provider name: it becomes a package name (`@switchyard/<provider>`). */
export const MAX_PROVIDER_LENGTH = 64;
/** Longest model id. */
export const MAX_MODEL_ID_LENGTH = 256;
// A whole spec (or alias name) longer than this is refused before it is scanned at all.
const MAX_SPEC_LENGTH = MAX_PROVIDER_LENGTH + 1 + MAX_MODEL_ID_LENGTH;
// How much of a refused input an error message shows.
const ECHO_LENGTH = 80;

const GRAMMAR = 'lowercase letters, digits, ".", "_" and "-", starting with a letter, at most 64 characters, no ".."';

/**
 * Splits a `provider:model` spec on its FIRST colon, so model ids may hold colons and
 * slashes. Returns `undefined` for a bare name (an alias). Throws `invalid_request` for
 * anything outside the grammar (see docs/registry.md) without looking anything up: the
 * provider becomes a package name, so it never holds "/", "..", upper case or white space.
 * `known` (registered names) sharpens the "did you mean" hint. Linear in the input.
 */
export function parseSpec(spec: string, known?: readonly string[]): ParsedSpec | undefined {
  if (typeof spec !== 'string') {
    throw new LLMError(`A model spec is a string "provider:model" (got ${typeof spec}).`, { code: 'invalid_request' });
  }
  if (spec.length > MAX_SPEC_LENGTH) {
    throw new LLMError(
      `Model spec too long (at most ${MAX_SPEC_LENGTH} characters): ${echo(spec)}. Write "provider:model", e.g. "openai:gpt-4o".`,
      { code: 'invalid_request' },
    );
  }
  const trimmed = spec.trim();
  if (trimmed === '') {
    throw new LLMError(
      'Empty model spec: pass "provider:model", e.g. "openai:gpt-4o" or "anthropic:claude-sonnet-4-5".',
      { code: 'invalid_request' },
    );
  }
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    if (controlCharacterAt(trimmed) >= 0) {
      throw new LLMError(`Invalid alias name ${echo(spec)}: it holds a control character.`, {
        code: 'invalid_request',
      });
    }
    return undefined;
  }
  const provider = trimmed.slice(0, colon).trim();
  const modelId = trimmed.slice(colon + 1).trim();
  if (provider === '' || modelId === '') {
    throw new LLMError(
      `Invalid model spec ${echo(spec)}: both parts are needed, as in "provider:model" (e.g. "openai:gpt-4o").`,
      { code: 'invalid_request' },
    );
  }
  if (!isProviderName(provider)) throw invalidProvider(spec, provider, known);
  if (modelId.length > MAX_MODEL_ID_LENGTH) {
    throw new LLMError(
      `Invalid model spec ${echo(spec)}: the model id is ${modelId.length} characters long (at most ${MAX_MODEL_ID_LENGTH}).`,
      { code: 'invalid_request', provider },
    );
  }
  if (controlCharacterAt(modelId) >= 0) {
    throw new LLMError(`Invalid model spec ${echo(spec)}: the model id holds a control character.`, {
      code: 'invalid_request',
      provider,
    });
  }
  return { provider, modelId };
}

/**
 * Whether `name` can name a provider: lowercase letters, digits, `.`, `_`, `-`, starting
 * with a letter, at most 64 characters, no `..`. One pass, no regular expression.
 */
export function isProviderName(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_PROVIDER_LENGTH) return false;
  let previous = 0;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const letter = code >= 97 && code <= 122;
    if (i === 0 && !letter) return false;
    const allowed = letter || (code >= 48 && code <= 57) || code === 45 || code === 95 || code === 46;
    if (!allowed || (code === 46 && previous === 46)) return false;
    previous = code;
  }
  return true;
}

/** The rule for provider names, for messages elsewhere (plugin names follow it too). */
export const PROVIDER_NAME_RULE: string = GRAMMAR;

/** At most 80 characters of untrusted input, quoted with escapes (control characters visible). */
export function echo(input: string): string {
  const shown = JSON.stringify(input.length > ECHO_LENGTH ? input.slice(0, ECHO_LENGTH) : input);
  return input.length > ECHO_LENGTH ? `${shown}… (${input.length} characters)` : shown;
}

function invalidProvider(spec: string, provider: string, known: readonly string[] | undefined): LLMError {
  // Upper case is the common slip ("OpenAI:gpt-4o"): suggest the provider it matches.
  const lower = provider.toLowerCase();
  const candidates = known === undefined ? KNOWN_PROVIDERS : [...known, ...KNOWN_PROVIDERS];
  const near = lower !== provider && candidates.includes(lower) ? lower : nearestName(lower, candidates);
  return new LLMError(
    `Invalid provider in model spec ${echo(spec)}: provider names are ${GRAMMAR}.${near === undefined ? '' : ` Did you mean "${near}"? Write "${near}:<model>".`}`,
    { code: 'invalid_request' },
  );
}

// Index of the first C0/C1 control character (or DEL), -1 when there is none.
function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || (code >= 127 && code < 160)) return i;
  }
  return -1;
}
