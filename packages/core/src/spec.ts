import { LLMError } from './errors.js';

/** A model spec split into its parts: `"ollama:llama3.1:8b"` → `ollama` + `llama3.1:8b`. */
export interface ParsedSpec {
  provider: string;
  modelId: string;
}

/**
 * Splits a `provider:model` spec on its FIRST colon, so model ids may hold colons and
 * slashes. Returns `undefined` for a bare name (an alias). Throws for an empty spec or part.
 */
export function parseSpec(spec: string): ParsedSpec | undefined {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new LLMError(
      'Empty model spec: pass "provider:model", e.g. "openai:gpt-4o" or "anthropic:claude-sonnet-4-5".',
      {
        code: 'invalid_request',
      },
    );
  }
  const colon = spec.indexOf(':');
  if (colon < 0) return undefined;
  const provider = spec.slice(0, colon).trim();
  const modelId = spec.slice(colon + 1).trim();
  if (provider === '' || modelId === '') {
    throw new LLMError(
      `Invalid model spec "${spec}": both parts are needed, as in "provider:model" (e.g. "openai:gpt-4o").`,
      { code: 'invalid_request' },
    );
  }
  return { provider, modelId };
}
