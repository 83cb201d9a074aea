import { type ChatCompletionRequest, isLLMError, type Message } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  convertMessages,
  convertRequest,
  convertResponseFormat,
  convertToolChoice,
  convertTools,
  isReasoningModel,
} from '../../src/responses/convert-request.js';

const hi: ChatCompletionRequest = { messages: [{ role: 'user', content: 'Hi' }] };

describe('convertRequest', () => {
  it('streams statelessly with the model and the input items', () => {
    expect(convertRequest(hi, 'gpt-4.1', { provider: 'openai' })).toEqual({
      model: 'gpt-4.1',
      stream: true,
      store: false,
      input: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('maps the sampling and length parameters', () => {
    const params = convertRequest({ ...hi, temperature: 0.2, topP: 0.9, maxTokens: 300, seed: 7 }, 'gpt-4.1', {
      provider: 'openai',
    });
    expect(params).toMatchObject({ temperature: 0.2, top_p: 0.9, max_output_tokens: 300 });
    // No seed on the Responses API: dropped (documented).
    expect(params).not.toHaveProperty('seed');
  });

  it('refuses stop sequences, which the Responses API cannot express', () => {
    let error: unknown;
    try {
      convertRequest({ ...hi, stop: ['END'] }, 'gpt-4.1', { provider: 'openai' });
    } catch (caught) {
      error = caught;
    }
    expect(isLLMError(error) && error.code).toBe('invalid_request');
  });

  it('sends tools flat, with tool choice and parallel calls only when tools are given', () => {
    const params = convertRequest(
      {
        ...hi,
        tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } }],
        toolChoice: { type: 'tool', name: 'get_weather' },
        parallelToolCalls: false,
      },
      'gpt-4.1',
      { provider: 'openai' },
    );
    expect(params.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: {} },
        strict: false,
      },
    ]);
    expect(params.tool_choice).toEqual({ type: 'function', name: 'get_weather' });
    expect(params.parallel_tool_calls).toBe(false);
    const without = convertRequest({ ...hi, toolChoice: 'auto', parallelToolCalls: true }, 'gpt-4.1', {
      provider: 'openai',
    });
    expect(without).not.toHaveProperty('tool_choice');
    expect(without).not.toHaveProperty('parallel_tool_calls');
  });

  it('applies the request contract when called directly, as the Chat path does', () => {
    // 'required' without tools is refused by core's validateRequest, before any byte is sent.
    expect(() => convertRequest({ ...hi, toolChoice: 'required' }, 'gpt-4.1', { provider: 'openai' })).toThrow(
      /toolChoice "required" needs tools/,
    );
    const system = convertRequest(
      {
        messages: [
          {
            role: 'developer',
            content: [
              { type: 'text', text: 'Be brief.' },
              { type: 'text', text: 'Be kind.' },
            ],
          },
          { role: 'user', content: 'Hi' },
        ],
      },
      'gpt-4.1',
      { provider: 'openai' },
    );
    // System text parts are joined with a blank line, like on every adapter.
    expect(system.instructions).toBe('Be brief.\n\nBe kind.');
  });

  it('asks for encrypted reasoning from reasoning models', () => {
    expect(convertRequest(hi, 'o4-mini', { provider: 'openai' }).include).toEqual(['reasoning.encrypted_content']);
    expect(convertRequest(hi, 'gpt-5-mini', { provider: 'openai' }).include).toEqual(['reasoning.encrypted_content']);
    expect(convertRequest(hi, 'gpt-4.1', { provider: 'openai' })).not.toHaveProperty('include');
  });

  it('asks for encrypted reasoning when providerOptions set reasoning, keeping other includes', () => {
    const params = convertRequest(
      {
        ...hi,
        providerOptions: {
          openai: { reasoning: { effort: 'high', summary: 'auto' }, include: ['message.output_text.logprobs'] },
        },
      },
      'my-deployment',
      { provider: 'openai' },
    );
    expect(params.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(params.include).toEqual(['message.output_text.logprobs', 'reasoning.encrypted_content']);
  });

  it('leaves encrypted reasoning out when the caller stores responses', () => {
    const params = convertRequest({ ...hi, providerOptions: { openai: { store: true } } }, 'o3', {
      provider: 'openai',
    });
    expect(params.store).toBe(true);
    expect(params).not.toHaveProperty('include');
  });

  it('merges providerOptions of openai, then of the provider, but keeps stream on', () => {
    const params = convertRequest(
      { ...hi, providerOptions: { openai: { user: 'a', stream: false }, 'openai-responses': { user: 'b' } } },
      'gpt-4.1',
      { provider: 'openai-responses' },
    );
    expect(params).toMatchObject({ user: 'b', stream: true });
  });

  it('maps responseFormat to text.format', () => {
    // Already in the shape strict mode asks for, so no conversion step changes it.
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
      additionalProperties: false,
    };
    const params = convertRequest(
      { ...hi, responseFormat: { type: 'json_schema', name: 'city', schema, strict: true } },
      'gpt-4.1',
      { provider: 'openai' },
    );
    expect(params.text).toEqual({ format: { type: 'json_schema', name: 'city', schema, strict: true } });
  });
});

describe('isReasoningModel', () => {
  it.each([
    ['o1', true],
    ['o3-mini', true],
    ['o4-mini-2025-04-16', true],
    ['gpt-5', true],
    ['gpt-5-nano', true],
    ['codex-mini-latest', true],
    ['gpt-5.4-mini', true],
    ['gpt-4.1', false],
    ['gpt-4o', false],
    ['gpt-5-chat-latest', false],
  ])('%s → %s', (id, expected) => {
    expect(isReasoningModel(id)).toBe(expected);
  });
});

describe('convertResponseFormat', () => {
  it.each([
    [{ type: 'text' } as const, { type: 'text' }],
    [{ type: 'json' } as const, { type: 'json_object' }],
    [
      { type: 'json_schema', schema: { type: 'object' } } as const,
      { type: 'json_schema', name: 'response', schema: { type: 'object' } },
    ],
  ])('maps %j', (format, expected) => {
    expect(convertResponseFormat(format)).toEqual(expected);
  });
});

describe('convertToolChoice and convertTools', () => {
  it.each(['auto', 'none', 'required'] as const)('passes %s through', (choice) => {
    expect(convertToolChoice(choice)).toBe(choice);
  });

  it('leaves description out when the tool has none', () => {
    expect(convertTools([{ name: 'now', parameters: { type: 'object' } }])).toEqual([
      { type: 'function', name: 'now', parameters: { type: 'object' }, strict: false },
    ]);
  });
});

describe('convertMessages', () => {
  it('puts leading system messages in instructions and later ones in developer items', () => {
    const messages: Message[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Now switch to English.' },
    ];
    expect(convertMessages(messages)).toEqual({
      instructions: 'Be brief.\n\nAnswer in French.',
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Now switch to English.' },
      ],
    });
  });

  it('converts user text and image parts', () => {
    const { input } = convertMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', url: 'https://example.com/cat.png' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
    ]);
    expect(input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
        ],
      },
    ]);
  });

  it('sends own reasoning items verbatim, then text, then function calls and their outputs', () => {
    const { input } = convertMessages(
      [
        {
          role: 'assistant',
          content: 'Let me check.',
          reasoningParts: [
            { text: 'Plan', signature: 'gAAAA1', itemId: 'rs_1', provider: 'openai-responses' },
            { text: '\n\nMore', signature: 'gAAAA2', itemId: 'rs_2', provider: 'openai-responses' },
          ],
          toolCalls: [
            {
              id: 'call_1',
              name: 'get_weather',
              arguments: '{"city":"Paris"}',
              input: { city: 'Paris' },
              itemId: 'fc_1',
              provider: 'openai-responses',
            },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: '18 °C' },
      ],
      'openai-responses',
    );
    expect(input).toEqual([
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan' }], encrypted_content: 'gAAAA1' },
      { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'More' }], encrypted_content: 'gAAAA2' },
      { role: 'assistant', content: 'Let me check.' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', id: 'fc_1' },
      { type: 'function_call_output', call_id: 'call_1', output: '18 °C' },
    ]);
  });

  it("never sends another provider's reasoning or item ids, nor reasoning without an item", () => {
    const { input } = convertMessages(
      [
        {
          role: 'assistant',
          content: null,
          reasoning: 'thinking',
          reasoningParts: [
            { text: 'Anthropic thinking', signature: 'EqQBCkYIBxgC', provider: 'anthropic' },
            { text: '', redacted: 'EmwKAhgB', provider: 'anthropic' },
            { text: 'foreign item', signature: 'gAAAA9', itemId: 'rs_9', provider: 'azure' },
            { text: 'untagged text only' },
          ],
          toolCalls: [
            { id: 'toolu_1', name: 'f', arguments: '', input: {}, itemId: 'fc_9', provider: 'azure' },
            { id: 'call_2', name: 'g', arguments: '{}', input: {} },
          ],
        },
      ],
      'openai',
    );
    expect(input).toEqual([
      { type: 'function_call', call_id: 'toolu_1', name: 'f', arguments: '{}' },
      { type: 'function_call', call_id: 'call_2', name: 'g', arguments: '{}' },
    ]);
  });

  it("takes the message's provider as the issuer of untagged parts", () => {
    const message: Message = {
      role: 'assistant',
      provider: 'azure',
      content: null,
      reasoningParts: [{ text: '', signature: 'gAAAA1', itemId: 'rs_1' }],
      toolCalls: [{ id: 'call_1', name: 'f', arguments: '{}', input: {}, itemId: 'fc_1' }],
    };
    expect(convertMessages([message], 'openai').input).toEqual([
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
    ]);
    expect(convertMessages([message], 'azure').input).toHaveLength(2);
  });

  it('sends untagged reasoning that carries a Responses item (assembled before provider tags existed)', () => {
    const { input } = convertMessages([
      { role: 'assistant', content: 'Hi', reasoningParts: [{ text: '', signature: 'gAAAA1', itemId: 'rs_1' }] },
    ]);
    expect(input[0]).toEqual({ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA1' });
  });

  it('never sends a reasoning item by id alone when nothing is stored, nor the call ids that followed it', () => {
    // Reasoning without encrypted_content (a model not known to reason, no reasoning option):
    // with store: false the API answers "Item with id 'rs_…' not found", and an fc_ id whose
    // reasoning item is missing is rejected too.
    const message: Message = {
      role: 'assistant',
      content: null,
      reasoningParts: [{ text: 'Looking it up.', itemId: 'rs_1', provider: 'openai' }],
      toolCalls: [{ id: 'call_1', name: 'f', arguments: '{}', input: {}, itemId: 'fc_1', provider: 'openai' }],
    };
    const request: ChatCompletionRequest = {
      messages: [{ role: 'user', content: 'Hi' }, message, { role: 'tool', toolCallId: 'call_1', content: 'ok' }],
    };
    expect(convertRequest(request, 'my-deployment', { provider: 'openai' }).input).toEqual([
      { role: 'user', content: 'Hi' },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
    ]);
    // With store: true the server keeps the items, and the references are what it wants.
    const stored = convertRequest({ ...request, providerOptions: { openai: { store: true } } }, 'my-deployment', {
      provider: 'openai',
    });
    expect(stored.input).toEqual([
      { role: 'user', content: 'Hi' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Looking it up.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}', id: 'fc_1' },
      { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
    ]);
  });

  it('refuses an unknown role', () => {
    expect(() => convertMessages([{ role: 'robot', content: 'x' } as unknown as Message])).toThrow(
      /unknown message role/,
    );
  });
});
