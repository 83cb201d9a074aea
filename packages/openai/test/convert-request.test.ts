import type { ChatCompletionRequest, ResponseFormat } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertRequest, convertResponseFormat } from '../src/convert-request.js';
import { OPENAI_QUIRKS, type OpenAICompatQuirks, presets } from '../src/presets.js';

const base: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };
const tool = { name: 'get_weather', parameters: { type: 'object', properties: {} } };
const openai = { provider: 'openai', quirks: OPENAI_QUIRKS };

describe('convertRequest', () => {
  it('always streams, with usage included', () => {
    expect(convertRequest(base, 'gpt-4o', openai)).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('leaves stream_options out for servers whose quirks say it is unsupported', () => {
    const params = convertRequest(base, 'mistral-large-latest', {
      provider: 'mistral',
      quirks: presets.mistral.quirks,
    });
    expect(params).not.toHaveProperty('stream_options');
    expect(params.stream).toBe(true);
  });

  it.each<[string, OpenAICompatQuirks, string, string]>([
    ['OpenAI', OPENAI_QUIRKS, 'max_completion_tokens', 'max_tokens'],
    ['Groq', presets.groq.quirks, 'max_completion_tokens', 'max_tokens'],
    ['DeepSeek', presets.deepseek.quirks, 'max_tokens', 'max_completion_tokens'],
    ['Ollama', presets.ollama.quirks, 'max_tokens', 'max_completion_tokens'],
  ])('sends maxTokens for %s as %s', (_name, quirks, field, other) => {
    const params = convertRequest({ ...base, maxTokens: 256 }, 'm', { provider: 'x', quirks });
    expect(params).toHaveProperty(field, 256);
    expect(params).not.toHaveProperty(other);
  });

  it('maps sampling options', () => {
    const params = convertRequest(
      { ...base, temperature: 0.2, topP: 0.9, stop: ['\n\n', 'END'], seed: 7 },
      'gpt-4o',
      openai,
    );
    expect(params).toMatchObject({ temperature: 0.2, top_p: 0.9, stop: ['\n\n', 'END'], seed: 7 });
  });

  it('sends seed as random_seed to Mistral, which rejects fields it does not know', () => {
    const params = convertRequest({ ...base, seed: 7 }, 'mistral-large-latest', {
      provider: 'mistral',
      quirks: presets.mistral.quirks,
    });
    expect(params).toHaveProperty('random_seed', 7);
    expect(params).not.toHaveProperty('seed');
  });

  it('leaves out an empty stop list and unset options', () => {
    const params = convertRequest({ ...base, stop: [] }, 'gpt-4o', openai);
    expect(Object.keys(params).sort()).toEqual(['messages', 'model', 'stream', 'stream_options']);
  });

  it('sends tools with toolChoice and parallel_tool_calls', () => {
    const params = convertRequest(
      { ...base, tools: [tool], toolChoice: { type: 'tool', name: 'get_weather' }, parallelToolCalls: false },
      'gpt-4o',
      openai,
    );
    expect(params).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: tool.parameters } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
  });

  it('sends neither tool_choice nor parallel_tool_calls without tools (OpenAI rejects them)', () => {
    const params = convertRequest(
      { ...base, tools: [], toolChoice: 'none', parallelToolCalls: true },
      'gpt-4o',
      openai,
    );
    expect(params).not.toHaveProperty('tools');
    expect(params).not.toHaveProperty('tool_choice');
    expect(params).not.toHaveProperty('parallel_tool_calls');
  });

  it('merges providerOptions.openai last, over the converted fields', () => {
    const params = convertRequest(
      {
        ...base,
        temperature: 1,
        providerOptions: { openai: { temperature: 0, reasoning_effort: 'low', store: true } },
      },
      'o4-mini',
      openai,
    );
    expect(params).toMatchObject({ temperature: 0, reasoning_effort: 'low', store: true });
  });

  it("merges the plugin's own providerOptions key after the openai one", () => {
    const params = convertRequest(
      {
        ...base,
        providerOptions: {
          openai: { user: 'u1', service_tier: 'flex' },
          groq: { service_tier: 'on_demand', reasoning_format: 'parsed' },
          anthropic: { thinking: { type: 'enabled' } },
        },
      },
      'llama-3.3-70b-versatile',
      { provider: 'groq', quirks: presets.groq.quirks },
    );
    expect(params).toMatchObject({ user: 'u1', service_tier: 'on_demand', reasoning_format: 'parsed' });
    expect(params).not.toHaveProperty('thinking');
  });

  it('keeps stream: true whatever providerOptions say', () => {
    const params = convertRequest({ ...base, providerOptions: { openai: { stream: false } } }, 'gpt-4o', openai);
    expect(params.stream).toBe(true);
  });
});

describe('convertResponseFormat', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  };

  it.each<[string, ResponseFormat, unknown]>([
    ['text', { type: 'text' }, { type: 'text' }],
    ['json as JSON mode', { type: 'json' }, { type: 'json_object' }],
    [
      'json_schema with name "response" by default',
      { type: 'json_schema', schema },
      { type: 'json_schema', json_schema: { name: 'response', schema } },
    ],
    [
      'json_schema with its name and strict',
      { type: 'json_schema', name: 'person', schema, strict: true },
      { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
    ],
  ])('converts %s', (_name, format, expected) => {
    expect(convertResponseFormat(format)).toEqual(expected);
  });

  it('rejects an unknown type', () => {
    expect(() => convertResponseFormat({ type: 'yaml' } as unknown as ResponseFormat)).toThrow(
      /'text', 'json' or 'json_schema'/,
    );
  });
});
