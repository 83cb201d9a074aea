import { openai } from '@switchyard/openai';

/** One provider the CLI ships with: its package and the variables its key is read from. */
export interface ProviderRow {
  name: string;
  packageName: string;
  keyEnv: readonly string[];
  /** Where requests go when no base URL is given. */
  baseURL: string;
  note?: string;
}

/** The adapters bundled with the CLI, then every OpenAI-compatible preset (data, not code). */
export function providerTable(): ProviderRow[] {
  const rows: ProviderRow[] = [
    {
      name: 'openai',
      packageName: '@switchyard/openai',
      keyEnv: ['OPENAI_API_KEY'],
      baseURL: 'https://api.openai.com/v1',
      note: 'Chat Completions',
    },
    {
      name: 'openai-responses',
      packageName: '@switchyard/openai',
      keyEnv: ['OPENAI_API_KEY'],
      baseURL: 'https://api.openai.com/v1',
      note: 'Responses API',
    },
    {
      name: 'anthropic',
      packageName: '@switchyard/anthropic',
      keyEnv: ['ANTHROPIC_API_KEY'],
      baseURL: 'https://api.anthropic.com',
    },
    {
      name: 'google',
      packageName: '@switchyard/google',
      keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
      baseURL: 'https://generativelanguage.googleapis.com',
    },
  ];
  for (const name of openai.presetNames) {
    const preset = openai.presets[name];
    rows.push({
      name,
      packageName: '@switchyard/openai',
      keyEnv: preset.apiKeyEnv === null ? [] : [preset.apiKeyEnv],
      baseURL: preset.baseURL,
      note: 'OpenAI-compatible preset',
    });
  }
  return rows;
}

/** The environment variables that set each bundled vendor's base URL. */
export const BASE_URL_ENV: Readonly<Record<string, string>> = {
  openai: 'OPENAI_BASE_URL',
  'openai-responses': 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  google: 'GOOGLE_GEMINI_BASE_URL',
};
