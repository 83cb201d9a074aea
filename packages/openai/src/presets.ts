/**
 * OpenAI-compatible services, kept as data: where each one lives, which environment
 * variable holds its key, and how its Chat Completions dialect differs from OpenAI's.
 * `openai.preset(name)` turns a row into a plugin named after the preset. The table is
 * checked by `test/presets.test.ts` and rendered in `docs/providers/openai.md`.
 */

/** How a server's Chat Completions dialect differs from OpenAI's. */
export interface OpenAICompatQuirks {
  /** Whether the server accepts `stream_options: { include_usage: true }` (sent only when true). */
  streamOptions: boolean;
  /** The request field `maxTokens` is sent as. */
  maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  /** The request field `seed` is sent as (Mistral: `random_seed`). */
  seedParam: 'seed' | 'random_seed';
  /**
   * The delta field the server streams reasoning text in, `null` when it has none. Streams are
   * read for both `reasoning_content` and `reasoning` whatever this says (servers moved between
   * them); this names the field reasoning is sent back in when `reasoningHistory` asks for it.
   */
  reasoningField: 'reasoning_content' | 'reasoning' | null;
  /**
   * Which assistant reasoning goes back in the next request: `'omit'` (none: OpenAI has no
   * field for it) or `'tool-calls'` (only on assistant messages carrying tool calls, which
   * DeepSeek's thinking mode requires and ignores elsewhere).
   */
  reasoningHistory: 'omit' | 'tool-calls';
  /**
   * The tool call ids the server accepts: `'openai'` at most 40 characters, `'mistral'`
   * exactly 9 letters or digits. Others are re-mapped consistently within each request.
   */
  toolCallIds: 'openai' | 'mistral';
}

/** One OpenAI-compatible service. */
export interface OpenAIPreset {
  /** The base URL the `openai` SDK is given (it appends `/chat/completions`). */
  baseURL: string;
  /** The environment variable the API key is read from, `null` when the service has none. */
  apiKeyEnv: string | null;
  /** Whether a request without a key fails early with an `auth` error naming `apiKeyEnv`. */
  apiKeyRequired: boolean;
  quirks: OpenAICompatQuirks;
  /** The vendor's page on its OpenAI compatibility. */
  docs: string;
}

/** The names `openai.preset()` accepts. */
export type PresetName =
  | 'ollama'
  | 'vllm'
  | 'lmstudio'
  | 'groq'
  | 'together'
  | 'deepseek'
  | 'openrouter'
  | 'xai'
  | 'mistral'
  | 'fireworks'
  | 'cerebras'
  | 'perplexity';

/** OpenAI's own dialect, used by `openai()` itself. */
export const OPENAI_QUIRKS: Readonly<OpenAICompatQuirks> = Object.freeze({
  streamOptions: true,
  // o-series, gpt-4.1 and gpt-5 reject `max_tokens`; every current model accepts this one.
  maxTokensParam: 'max_completion_tokens',
  seedParam: 'seed',
  reasoningField: null,
  reasoningHistory: 'omit',
  toolCallIds: 'openai',
});

/** Every preset, keyed by name (frozen: copy a row to change it, or pass `quirks` to `openai.preset`). */
export const presets: Readonly<Record<PresetName, Readonly<OpenAIPreset>>> = deepFreeze<
  Record<PresetName, OpenAIPreset>
>({
  ollama: {
    baseURL: 'http://localhost:11434/v1',
    apiKeyEnv: null,
    apiKeyRequired: false,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.ollama.com/api/openai-compatibility',
  },
  vllm: {
    baseURL: 'http://localhost:8000/v1',
    // The variable `vllm serve` itself reads for `--api-key`; a server started without one accepts any request.
    apiKeyEnv: 'VLLM_API_KEY',
    apiKeyRequired: false,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning_content',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  },
  lmstudio: {
    baseURL: 'http://localhost:1234/v1',
    apiKeyEnv: null,
    apiKeyRequired: false,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning_content',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://lmstudio.ai/docs/api/openai-api',
  },
  groq: {
    baseURL: 'https://api.groq.com/openai/v1',
    apiKeyEnv: 'GROQ_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_completion_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://console.groq.com/docs/openai',
  },
  together: {
    baseURL: 'https://api.together.ai/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.together.ai/docs/inference/openai-compatibility',
  },
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning_content',
      reasoningHistory: 'tool-calls',
      toolCallIds: 'openai',
    },
    docs: 'https://api-docs.deepseek.com/guides/thinking_mode',
  },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://openrouter.ai/docs/api-reference/overview',
  },
  xai: {
    baseURL: 'https://api.x.ai/v1',
    apiKeyEnv: 'XAI_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_completion_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning_content',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.x.ai/docs/api-reference',
  },
  mistral: {
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnv: 'MISTRAL_API_KEY',
    apiKeyRequired: true,
    // Mistral rejects fields it does not know (`seed` is its `random_seed`) and sends usage
    // in its last chunk unasked.
    quirks: {
      streamOptions: false,
      maxTokensParam: 'max_tokens',
      seedParam: 'random_seed',
      reasoningField: null,
      reasoningHistory: 'omit',
      toolCallIds: 'mistral',
    },
    docs: 'https://docs.mistral.ai/api/',
  },
  fireworks: {
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning_content',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.fireworks.ai/tools-sdks/openai-compatibility',
  },
  cerebras: {
    baseURL: 'https://api.cerebras.ai/v1',
    apiKeyEnv: 'CEREBRAS_API_KEY',
    apiKeyRequired: true,
    quirks: {
      streamOptions: true,
      maxTokensParam: 'max_completion_tokens',
      seedParam: 'seed',
      reasoningField: 'reasoning',
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://inference-docs.cerebras.ai/resources/openai',
  },
  perplexity: {
    // Perplexity serves Chat Completions at the root, without `/v1`.
    baseURL: 'https://api.perplexity.ai',
    apiKeyEnv: 'PERPLEXITY_API_KEY',
    apiKeyRequired: true,
    // Sonar sends usage in its chunks unasked; reasoning models write `<think>` into content.
    quirks: {
      streamOptions: false,
      maxTokensParam: 'max_tokens',
      seedParam: 'seed',
      reasoningField: null,
      reasoningHistory: 'omit',
      toolCallIds: 'openai',
    },
    docs: 'https://docs.perplexity.ai/docs/sonar/openai-compatibility',
  },
});

/** The preset names, in table order. */
export const presetNames: readonly PresetName[] = Object.freeze(Object.keys(presets) as PresetName[]);

/** Whether `name` is a preset (for names that come from configuration or a spec string). */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}

function deepFreeze<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}
