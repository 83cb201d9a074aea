import type { ChatCompletionRequest, Message, ToolChoice } from '@switchyard/core';
import { isLLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  type ConvertSettings,
  convertRequest,
  DEFAULT_MAX_TOKENS_CAP,
  defaultMaxTokens,
  maxOutputTokens,
  UNKNOWN_MODEL_MAX_TOKENS,
} from '../src/convert-request.js';

const settings: ConvertSettings = { modelId: 'claude-sonnet-5-5', provider: 'anthropic' };
const convert = (request: Partial<ChatCompletionRequest>, extra: Partial<ConvertSettings> = {}) =>
  convertRequest({ messages: [{ role: 'user', content: 'Hi' }], ...request }, { ...settings, ...extra });
const messagesOf = (messages: Message[]) => convert({ messages }).messages;

function expectInvalid(run: () => unknown, text: string): void {
  try {
    run();
  } catch (error) {
    expect(isLLMError(error) && error.code).toBe('invalid_request');
    expect((error as Error).message).toContain(text);
    return;
  }
  expect.fail('expected an invalid_request LLMError');
}

describe('convertRequest: the basics', () => {
  it('builds a streaming request for the model', () => {
    expect(convert({})).toEqual({
      model: 'claude-sonnet-5-5',
      max_tokens: 32_000,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it('lifts system messages into `system`, joining several with a blank line', () => {
    const params = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Answer in French.' },
      ],
    });
    expect(params.system).toBe('Be brief.\n\nAnswer in French.');
    expect(params.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it.each<[string, Partial<ChatCompletionRequest>, Record<string, unknown>]>([
    ['stop becomes stop_sequences', { stop: ['###', 'END'] }, { stop_sequences: ['###', 'END'] }],
    ['temperature is forwarded', { temperature: 0.2 }, { temperature: 0.2 }],
    ['topP becomes top_p', { topP: 0.9 }, { top_p: 0.9 }],
    ['maxTokens becomes max_tokens', { maxTokens: 100 }, { max_tokens: 100 }],
  ])('%s', (_name, request, expected) => {
    expect(convert(request)).toMatchObject(expected);
  });

  it('leaves out options the request does not set', () => {
    const params = convert({ stop: [] });
    for (const key of ['system', 'tools', 'tool_choice', 'stop_sequences', 'temperature', 'top_p', 'output_config']) {
      expect(params).not.toHaveProperty(key);
    }
  });
});

describe('convertRequest: turns', () => {
  it('merges consecutive user messages into one turn of blocks', () => {
    expect(
      messagesOf([
        { role: 'user', content: 'First' },
        { role: 'user', content: [{ type: 'text', text: 'Second' }] },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First' },
          { type: 'text', text: 'Second' },
        ],
      },
    ]);
  });

  it('puts two tool results after a tool_use turn into ONE user message', () => {
    const messages = messagesOf([
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
          { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Tokyo"}', input: { city: 'Tokyo' } },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', content: '18°C' },
      { role: 'tool', toolCallId: 'toolu_2', content: 'city not found', isError: true },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Tokyo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'city not found', is_error: true },
        ],
      },
    ]);
  });

  it('keeps tool results ahead of user text in the merged turn', () => {
    const messages = messagesOf([
      { role: 'assistant', content: null, toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '', input: {} }] },
      { role: 'user', content: 'Also, hurry.' },
      { role: 'tool', toolCallId: 'toolu_1', content: 'done' },
    ]);
    expect(messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' },
        { type: 'text', text: 'Also, hurry.' },
      ],
    });
  });

  it('sends an empty tool result without content', () => {
    const call = { id: 'toolu_1', name: 'f', arguments: '{}', input: {} };
    expect(
      messagesOf([
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: null, toolCalls: [call] },
        { role: 'tool', toolCallId: 'toolu_1', content: '' },
      ])[2],
    ).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] });
  });

  it.each<[string, { arguments: string; input: unknown }, unknown]>([
    ['the parsed input', { arguments: '{"a":1}', input: { a: 1 } }, { a: 1 }],
    ['{} for empty arguments', { arguments: '', input: {} }, {}],
    ['the arguments parsed when input is missing', { arguments: '{"b":2}', input: undefined }, { b: 2 }],
    ['{} for arguments that are not JSON', { arguments: '{"b":', input: undefined }, {}],
    ['{} for input that is not an object', { arguments: '[1]', input: [1] }, {}],
  ])('sends tool_use input as %s', (_name, call, expected) => {
    const [message] = messagesOf([
      { role: 'assistant', content: null, toolCalls: [{ id: 'toolu_1', name: 'f', ...call }] },
    ]);
    expect(message?.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'f', input: expected }]);
  });

  it('sends reasoning first, exactly as received, then text, then tool calls', () => {
    const [message] = messagesOf([
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning: 'Think.',
        reasoningParts: [
          { text: 'Think.', signature: 'SigA==' },
          { text: '', redacted: 'EmwK==' },
          { text: '', signature: 'SigOmitted==' },
        ],
        toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '{}', input: {} }],
      },
    ]);
    expect(message?.content).toEqual([
      { type: 'thinking', thinking: 'Think.', signature: 'SigA==' },
      { type: 'redacted_thinking', data: 'EmwK==' },
      { type: 'thinking', thinking: '', signature: 'SigOmitted==' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
    ]);
  });

  it('does not send reasoning that has no signature (the API cannot verify it)', () => {
    const [message] = messagesOf([
      {
        role: 'assistant',
        content: 'Done.',
        reasoning: 'From another vendor',
        reasoningParts: [{ text: 'From another vendor' }],
      },
    ]);
    expect(message?.content).toEqual([{ type: 'text', text: 'Done.' }]);
  });

  it.each(['\n\n', ' ', '\t\n'])(
    'leaves out assistant text that is only white space (%j): the API rejects such a text block',
    (content) => {
      const [, assistant] = messagesOf([
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content, toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '{}', input: {} }] },
      ]);
      expect(assistant).toEqual({
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }],
      });
    },
  );

  it('drops an assistant message with nothing to send', () => {
    expect(
      messagesOf([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });
});

describe('convertRequest: images', () => {
  it.each<[string, Record<string, string>, unknown]>([
    [
      'base64 data with its media type',
      { data: 'iVBORw0K', mediaType: 'image/png' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
    ],
    [
      'an https URL',
      { url: 'https://example.com/cat.jpg' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ],
    [
      'image/jpg (and upper case) as image/jpeg, the only spelling the API takes',
      { data: '/9j/4AAQ', mediaType: 'Image/JPG' },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
    ],
    [
      'a data: URL as base64',
      { url: 'data:image/webp;base64,UklGRg==' },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' } },
    ],
  ])('sends %s', (_name, image, expected) => {
    const [message] = messagesOf([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', ...image },
        ],
      },
    ]);
    expect(message?.content).toEqual([{ type: 'text', text: 'What is this?' }, expected]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['base64 data without a media type', { data: 'iVBORw0K' }, 'mediaType'],
    ['a data: URL that is not base64', { url: 'data:image/svg+xml,<svg/>' }, 'base64'],
    ['an image without url or data', {}, 'messages[0].content[0] needs url'],
  ])('refuses %s', (_name, image, text) => {
    expectInvalid(() => messagesOf([{ role: 'user', content: [{ type: 'image', ...image }] }]), text);
  });
});

describe('convertRequest: tools', () => {
  const tools = [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
    { name: 'noop', parameters: { type: 'object' } },
  ];

  it('sends tools with input_schema', () => {
    expect(convert({ tools }).tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { name: 'noop', input_schema: { type: 'object' } },
    ]);
  });

  it.each<[string, ToolChoice | undefined, boolean | undefined, unknown]>([
    ['no choice', undefined, undefined, undefined],
    ['auto', 'auto', undefined, { type: 'auto' }],
    ['required → any', 'required', undefined, { type: 'any' }],
    ['named → tool', { type: 'tool', name: 'noop' }, undefined, { type: 'tool', name: 'noop' }],
    ['none', 'none', undefined, { type: 'none' }],
    ['no choice, parallel off', undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    ['auto, parallel off', 'auto', false, { type: 'auto', disable_parallel_tool_use: true }],
    ['required, parallel off', 'required', false, { type: 'any', disable_parallel_tool_use: true }],
    [
      'named, parallel off',
      { type: 'tool', name: 'noop' },
      false,
      { type: 'tool', name: 'noop', disable_parallel_tool_use: true },
    ],
    ['none, parallel off', 'none', false, { type: 'none' }],
    ['auto, parallel on', 'auto', true, { type: 'auto' }],
  ])('maps tool choice: %s', (_name, toolChoice, parallelToolCalls, expected) => {
    const request: Partial<ChatCompletionRequest> = { tools };
    if (toolChoice !== undefined) request.toolChoice = toolChoice;
    if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
    expect(convert(request).tool_choice).toEqual(expected);
  });
});

describe('convertRequest: response format', () => {
  it('sends json_schema as output_config.format', () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'number' } },
      required: ['answer'],
      additionalProperties: false,
    };
    expect(convert({ responseFormat: { type: 'json_schema', name: 'answer', schema } }).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
  });

  it('sends nothing for text', () => {
    expect(convert({ responseFormat: { type: 'text' } })).not.toHaveProperty('output_config');
  });

  it('sends plain json as a forced json_response tool taking any object', () => {
    const params = convert({ responseFormat: { type: 'json' } });
    expect(params.tools).toEqual([
      {
        name: 'json_response',
        description: 'Respond with your answer as this JSON object.',
        input_schema: { type: 'object' },
      },
    ]);
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it('refuses plain json beside tools, naming the alternative', () => {
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    expectInvalid(() => convert({ tools, responseFormat: { type: 'json' } }), 'json_schema');
  });
});

describe('convertRequest: provider options', () => {
  it('merges providerOptions.anthropic last', () => {
    const params = convert({
      maxTokens: 100,
      providerOptions: {
        anthropic: {
          thinking: { type: 'enabled', budget_tokens: 2048 },
          max_tokens: 4096,
          metadata: { user_id: 'u1' },
        },
      },
    });
    expect(params).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 4096,
      metadata: { user_id: 'u1' },
    });
  });

  it('keeps the request streaming whatever the options say', () => {
    expect(convert({ providerOptions: { anthropic: { stream: false } } }).stream).toBe(true);
  });

  it('ignores options of other providers', () => {
    expect(convert({ providerOptions: { openai: { store: true } } })).not.toHaveProperty('store');
  });

  it('merges the options under a renamed plugin name over the anthropic ones', () => {
    const params = convert(
      {
        providerOptions: {
          anthropic: { metadata: { user_id: 'a' }, service_tier: 'auto' },
          work: { metadata: { user_id: 'w' } },
        },
      },
      { provider: 'work' },
    );
    expect(params).toMatchObject({ metadata: { user_id: 'w' }, service_tier: 'auto' });
  });
});

describe('max_tokens defaults', () => {
  it.each([
    ['claude-opus-5-5', 128_000],
    ['claude-sonnet-5-5', 128_000],
    ['claude-haiku-5-5', 128_000],
    ['claude-fable-5-1', 128_000],
    ['claude-mythos-preview', 128_000],
    ['claude-opus-4-8', 128_000],
    ['claude-opus-4-6', 128_000],
    ['claude-sonnet-4-6', 128_000],
    ['claude-opus-4-5-20251101', 64_000],
    ['claude-sonnet-4-5', 64_000],
    ['claude-haiku-4-5-20251001', 64_000],
    ['claude-sonnet-4-20250514', 64_000],
    ['claude-opus-4-1-20250805', 32_000],
    ['claude-opus-4-20250514', 32_000],
    ['claude-3-7-sonnet-20250219', 64_000],
    ['claude-3-5-haiku-20241022', 8_192],
    ['claude-3-haiku-20240307', 4_096],
    ['anthropic.claude-opus-4-1-20250805-v1:0', 32_000],
    ['claude-opus-4-1@20250805', 32_000],
    ['llama3.1:8b', undefined],
  ] as const)('knows the maximum output of %s', (modelId, expected) => {
    expect(maxOutputTokens(modelId)).toBe(expected);
  });

  it.each([
    ['claude-opus-5-5', DEFAULT_MAX_TOKENS_CAP],
    ['claude-sonnet-4-5', DEFAULT_MAX_TOKENS_CAP],
    ['claude-3-5-haiku-latest', 8_192],
    ['claude-3-haiku-20240307', 4_096],
    ['my-proxy-model', UNKNOWN_MODEL_MAX_TOKENS],
  ])('defaults %s to %i', (modelId, expected) => {
    expect(defaultMaxTokens(modelId)).toBe(expected);
    expect(convert({}, { modelId }).max_tokens).toBe(expected);
  });

  it('lets the defaultMaxTokens setting replace the family default', () => {
    expect(convert({}, { defaultMaxTokens: 2048 }).max_tokens).toBe(2048);
  });

  it("lets the request's maxTokens win over every default", () => {
    expect(convert({ maxTokens: 333 }, { defaultMaxTokens: 2048 }).max_tokens).toBe(333);
  });

  it('leaves room for the answer on top of a thinking budget at or above the default', () => {
    const thinking = (budget: number) => ({
      providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: budget } } },
    });
    expect(convert(thinking(10_000)).max_tokens).toBe(32_000);
    expect(convert(thinking(40_000)).max_tokens).toBe(72_000);
    expect(convert(thinking(120_000)).max_tokens).toBe(128_000);
    expect(convert({ maxTokens: 50_000, ...thinking(40_000) }).max_tokens).toBe(50_000);
  });

  it('puts the configured defaultMaxTokens, not the family default, on top of a thinking budget above it', () => {
    const thinking = { providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 4096 } } } };
    expect(convert(thinking, { defaultMaxTokens: 2048 }).max_tokens).toBe(4096 + 2048);
  });
});
