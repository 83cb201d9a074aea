import { Buffer } from 'node:buffer';
import { type ChatCompletionRequest, isLLMError, type LLMError, type Message, validateRequest } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const user: Message = { role: 'user', content: 'Hi' };
const tool = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };

function errorOf(request: unknown): LLMError {
  try {
    validateRequest(request as ChatCompletionRequest);
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  return expect.fail('expected an invalid_request LLMError');
}

/** Every invalid input, the field path its error names, and a word of the advice. */
const INVALID: ReadonlyArray<readonly [string, unknown, string]> = [
  ['no request object', null, 'request must be an object'],
  ['no messages', {}, 'messages must be a non-empty array'],
  ['empty messages', { messages: [] }, 'messages must be a non-empty array'],
  ['a message that is not an object', { messages: ['hi'] }, 'messages[0] must be a message object'],
  ['an unknown role', { messages: [{ role: 'human', content: 'hi' }] }, 'messages[0].role must be'],
  ['only system messages', { messages: [{ role: 'system', content: 'Be brief.' }] }, 'messages has only system'],
  [
    'an image part in a system message',
    { messages: [{ role: 'system', content: [{ type: 'image', url: 'https://x.test/a.png' }] }, user] },
    'messages[0].content[0] must be a text part',
  ],
  [
    'system content of another type',
    { messages: [{ role: 'system', content: 7 }, user] },
    'messages[0].content must be',
  ],
  ['user content that is a number', { messages: [{ role: 'user', content: 42 }] }, 'messages[0].content must be'],
  ['empty user content parts', { messages: [{ role: 'user', content: [] }] }, 'messages[0].content must be'],
  ['empty user text', { messages: [{ role: 'user', content: ' \n' }] }, 'messages[0].content is empty'],
  [
    'an empty text part',
    { messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] },
    'messages[0].content[0].text is empty',
  ],
  [
    'an unknown part type',
    { messages: [{ role: 'user', content: [{ type: 'audio', data: 'AAAA' }] }] },
    'messages[0].content[0].type must be "text" or "image"',
  ],
  [
    'a text part without text',
    { messages: [{ role: 'user', content: [{ type: 'text' }] }] },
    'messages[0].content[0].text must be a string',
  ],
  [
    'an image with neither url nor data',
    { messages: [{ role: 'user', content: [{ type: 'image' }] }] },
    'messages[0].content[0] needs url',
  ],
  [
    'an image with both url and data',
    { messages: [{ role: 'user', content: [{ type: 'image', url: 'https://x.test/a.png', data: 'iVBORw0KGgo' }] }] },
    'messages[0].content[0] sets both url and data',
  ],
  [
    'an image url that is not http(s) or data',
    { messages: [{ role: 'user', content: [{ type: 'image', url: 'file:///etc/passwd' }] }] },
    'messages[0].content[0].url must be an http(s): URL',
  ],
  [
    'a data: URL that is not base64',
    { messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/svg+xml,<svg/>' }] }] },
    'messages[0].content[0].url must be a base64 data: URL',
  ],
  [
    'image data of another type',
    { messages: [{ role: 'user', content: [{ type: 'image', data: 12 }] }] },
    'messages[0].content[0].data must be base64 text',
  ],
  [
    'image bytes of unknown format without a media type',
    { messages: [{ role: 'user', content: [{ type: 'image', data: new Uint8Array([1, 2, 3]) }] }] },
    'messages[0].content[0].mediaType is needed',
  ],
  [
    'a tool message without toolCallId',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [call] }, { role: 'tool', content: 'x' }] },
    'messages[2].toolCallId must be',
  ],
  [
    'a tool result that answers no call',
    { messages: [user, { role: 'tool', toolCallId: 'call_9', content: '18C' }] },
    'messages[1].toolCallId ("call_9") matches no tool call',
  ],
  [
    'a tool result that is not a string',
    {
      messages: [
        user,
        { role: 'assistant', content: null, toolCalls: [call] },
        { role: 'tool', toolCallId: 'call_1', content: { t: 1 } },
      ],
    },
    'messages[2].content must be a string',
  ],
  [
    'a tool call without a name',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [{ id: 'c', arguments: '{}' }] }] },
    'messages[1].toolCalls[0].name must be',
  ],
  [
    'a tool call with an empty id',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [{ id: '', name: 'f', arguments: '{}' }] }] },
    'messages[1].toolCalls[0].id must be',
  ],
  [
    'tool call arguments that are an object',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [{ id: 'c', name: 'f', arguments: {} }] }] },
    'messages[1].toolCalls[0].arguments must be the arguments as JSON text',
  ],
  [
    'assistant content of another type',
    { messages: [user, { role: 'assistant', content: 3 }] },
    'messages[1].content must be',
  ],
  [
    'reasoning parts without text',
    { messages: [user, { role: 'assistant', content: 'x', reasoningParts: [{ signature: 's' }] }] },
    'messages[1].reasoningParts[0].text must be a string',
  ],
  ['tools that are not an array', { messages: [user], tools: {} }, 'tools must be an array'],
  [
    'a tool name with a dot',
    { messages: [user], tools: [{ ...tool, name: 'weather.get' }] },
    'tools[0].name must be 1 to 64 letters',
  ],
  [
    'a tool name starting with a digit',
    { messages: [user], tools: [{ ...tool, name: '1tool' }] },
    'tools[0].name must be',
  ],
  [
    'a tool name of 65 characters',
    { messages: [user], tools: [{ ...tool, name: 'a'.repeat(65) }] },
    'tools[0].name must be',
  ],
  ['duplicate tool names', { messages: [user], tools: [tool, tool] }, 'tools[1].name repeats the tool name'],
  [
    'tool parameters that are not an object schema',
    { messages: [user], tools: [{ ...tool, parameters: { type: 'string' } }] },
    'tools[0].parameters must be a JSON Schema for an object',
  ],
  [
    'tool parameters that are a string',
    { messages: [user], tools: [{ ...tool, parameters: 'x' }] },
    'tools[0].parameters must be',
  ],
  [
    'toolChoice required without tools',
    { messages: [user], toolChoice: 'required' },
    'toolChoice "required" needs tools',
  ],
  [
    'toolChoice naming a tool without tools',
    { messages: [user], toolChoice: { type: 'tool', name: 'get_weather' } },
    'toolChoice.name ("get_weather") names no tool',
  ],
  [
    'toolChoice naming an unknown tool',
    { messages: [user], tools: [tool], toolChoice: { type: 'tool', name: 'get_time' } },
    'toolChoice.name ("get_time") names no tool',
  ],
  ['an unknown toolChoice', { messages: [user], tools: [tool], toolChoice: 'any' }, 'toolChoice must be'],
  [
    'temperature NaN',
    { messages: [user], temperature: Number.NaN },
    'temperature must be a number from 0 to 2 (got NaN)',
  ],
  ['temperature above 2', { messages: [user], temperature: 2.5 }, 'temperature must be a number from 0 to 2'],
  ['temperature as text', { messages: [user], temperature: '0.5' }, 'temperature must be a number'],
  ['topP above 1', { messages: [user], topP: 1.5 }, 'topP must be a number from 0 to 1'],
  ['maxTokens zero', { messages: [user], maxTokens: 0 }, 'maxTokens must be a positive integer'],
  ['maxTokens fractional', { messages: [user], maxTokens: 10.5 }, 'maxTokens must be a positive integer'],
  ['maxTokens Infinity', { messages: [user], maxTokens: Number.POSITIVE_INFINITY }, 'maxTokens must be'],
  ['seed fractional', { messages: [user], seed: 1.5 }, 'seed must be an integer'],
  ['stop as a string', { messages: [user], stop: 'END' }, 'stop must be an array of strings'],
  ['five stop sequences', { messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop has 5 sequences; at most 4'],
  ['an empty stop sequence', { messages: [user], stop: [''] }, 'stop[0] must be a non-empty string'],
  ['an unknown responseFormat', { messages: [user], responseFormat: { type: 'xml' } }, 'responseFormat.type must be'],
  [
    'json_schema without a schema',
    { messages: [user], responseFormat: { type: 'json_schema' } },
    'responseFormat.schema must be',
  ],
  [
    'providerOptions of a string',
    { messages: [user], providerOptions: { openai: 'fast' } },
    'providerOptions["openai"] must be',
  ],
  [
    'parallelToolCalls as text',
    { messages: [user], parallelToolCalls: 'yes' },
    'parallelToolCalls must be true or false',
  ],
];

describe('validateRequest', () => {
  it.each(INVALID)('refuses %s with invalid_request naming the field', (_name, request, expected) => {
    const error = errorOf(request);
    expect(error.code).toBe('invalid_request');
    expect(error.provider).toBe('core');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`Invalid request: ${expected}`);
  });

  it('returns a valid request as it is, without copying', () => {
    const request: ChatCompletionRequest = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        user,
        { role: 'assistant', content: null, toolCalls: [call], reasoningParts: [{ text: 'r', signature: 's' }] },
        { role: 'tool', toolCallId: 'call_1', content: '18C' },
        {
          role: 'user',
          content: [
            { type: 'image', url: 'https://x.test/a.png' },
            { type: 'text', text: 'and?' },
          ],
        },
      ],
      tools: [tool],
      toolChoice: { type: 'tool', name: 'get_weather' },
      temperature: 0,
      topP: 1,
      maxTokens: 5,
      seed: -3,
      stop: ['a', 'b', 'c', 'd'],
      responseFormat: { type: 'json_schema', schema: { type: 'object' } },
      providerOptions: { openai: { user: 'u' } },
    };
    expect(validateRequest(request)).toBe(request);
  });

  it('maps developer to system and joins system text parts with a blank line', () => {
    const request = {
      messages: [
        { role: 'developer', content: 'Rule one.' },
        {
          role: 'system',
          content: [
            { type: 'text', text: 'Part A.' },
            { type: 'text', text: 'Part B.' },
          ],
        },
        user,
      ],
    } as unknown as ChatCompletionRequest;
    const out = validateRequest(request);
    expect(out.messages).toEqual([
      { role: 'system', content: 'Rule one.' },
      { role: 'system', content: 'Part A.\n\nPart B.' },
      user,
    ]);
    expect(out.messages[2]).toBe(user);
    expect(request.messages[0]).toEqual({ role: 'developer', content: 'Rule one.' });
  });

  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const PNG_BASE64 = 'iVBORw0KGgoAAAAN';

  it.each([
    ['a Uint8Array', PNG],
    ['a Node Buffer', Buffer.from(PNG)],
    ['an ArrayBuffer', PNG.slice().buffer],
    ['a view into a larger buffer', new Uint8Array([9, 9, ...PNG, 9]).subarray(2, 2 + PNG.length)],
  ])('encodes image data given as %s to base64 and recognises PNG', (_name, data) => {
    const request = {
      messages: [{ role: 'user', content: [{ type: 'image', data }] }],
    } as unknown as ChatCompletionRequest;
    const out = validateRequest(request);
    expect(out.messages[0]!.content).toEqual([{ type: 'image', data: PNG_BASE64, mediaType: 'image/png' }]);
    expect((request.messages[0]!.content as unknown[])[0]).toMatchObject({ data });
  });

  it('keeps a given mediaType for bytes and parses base64 data: URLs into data and mediaType', () => {
    const out = validateRequest({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', data: new Uint8Array([1, 2, 3]), mediaType: 'image/heic' },
            { type: 'image', url: 'data:image/webp;base64,UklGRg==' },
            { type: 'image', data: 'data:image/gif;base64,R0lGODlh' },
            { type: 'image', data: '/9j/4AAQ' },
          ],
        },
      ],
    });
    expect(out.messages[0]!.content).toEqual([
      { type: 'image', data: 'AQID', mediaType: 'image/heic' },
      { type: 'image', data: 'UklGRg==', mediaType: 'image/webp' },
      { type: 'image', data: 'R0lGODlh', mediaType: 'image/gif' },
      { type: 'image', data: '/9j/4AAQ', mediaType: 'image/jpeg' },
    ]);
  });

  it('gives a tool without parameters an empty object schema and a hand-built call its arguments text', () => {
    const out = validateRequest({
      messages: [
        user,
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'now', input: { tz: 'UTC' } }] },
      ],
      tools: [{ name: 'now' }],
    } as unknown as ChatCompletionRequest);
    expect(out.tools![0]!.parameters).toEqual({ type: 'object', properties: {} });
    expect((out.messages[1] as { toolCalls: { arguments: string }[] }).toolCalls[0]!.arguments).toBe('{"tz":"UTC"}');
  });

  it('accepts Standard Schema validators as parameters without reading them', () => {
    const validator = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => {
          throw new Error('must not be called');
        },
      },
    };
    const request = {
      messages: [user],
      tools: [{ name: 'f', parameters: validator }],
    } as unknown as ChatCompletionRequest;
    expect(validateRequest(request)).toBe(request);
  });

  it('gives an object schema given by properties alone its type and keeps unknown fields', () => {
    const request = {
      messages: [user],
      tools: [{ name: 'f', parameters: { properties: { a: { type: 'string' } } } }],
      somethingElse: true,
    } as unknown as ChatCompletionRequest;
    const out = validateRequest(request);
    expect(out.tools![0]!.parameters).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect((out as unknown as { somethingElse: boolean }).somethingElse).toBe(true);
    expect(request.tools![0]!.parameters).toEqual({ properties: { a: { type: 'string' } } });
  });

  it('returns a request with unknown fields as it is', () => {
    const request = { messages: [user], somethingElse: true } as unknown as ChatCompletionRequest;
    expect(validateRequest(request)).toBe(request);
  });

  it('never throws anything but invalid_request, whatever shape it is given', () => {
    const role = fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'other');
    const message = fc.record(
      {
        role,
        content: fc.anything(),
        toolCalls: fc.anything(),
        toolCallId: fc.anything(),
        reasoningParts: fc.anything(),
      },
      { requiredKeys: ['role'] },
    );
    const request = fc.oneof(
      fc.anything(),
      fc.record(
        {
          messages: fc.oneof(fc.anything(), fc.array(fc.oneof(message, fc.anything()), { maxLength: 6 })),
          tools: fc.anything(),
          toolChoice: fc.anything(),
          temperature: fc.anything(),
          stop: fc.anything(),
          responseFormat: fc.anything(),
          providerOptions: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(request, (input) => {
        try {
          const out = validateRequest(input as ChatCompletionRequest);
          // Whatever passes is the contract: a conversation adapters can read without checks.
          expect(out.messages.length).toBeGreaterThan(0);
          expect(out.messages.some((m) => m.role === 'user' || m.role === 'assistant' || m.role === 'tool')).toBe(true);
        } catch (error) {
          expect(isLLMError(error) && error.code).toBe('invalid_request');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('turns a getter that throws into invalid_request', () => {
    const request = {
      get messages(): never {
        throw new TypeError('boom');
      },
    };
    const error = errorOf(request);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('reading it threw (TypeError)');
  });

  it('never echoes a value that could be large or secret', () => {
    const secret = 'sk-live-0123456789abcdefghijklmnop';
    const error = errorOf({ messages: [user], providerOptions: { openai: secret } });
    expect(error.message).not.toContain(secret);
  });

  it('is linear: 100,000 messages and a 3 MB image validate in seconds, not minutes', () => {
    const messages: Message[] = [];
    for (let i = 0; i < 50_000; i++) {
      messages.push({ role: 'assistant', content: null, toolCalls: [{ ...call, id: `c${i}` }] });
      messages.push({ role: 'tool', toolCallId: `c${i}`, content: 'ok' });
    }
    const bytes = new Uint8Array(3_000_000);
    bytes.set(PNG);
    messages.unshift({ role: 'user', content: [{ type: 'image', data: bytes }] });
    const started = performance.now();
    const out = validateRequest({ messages });
    const elapsed = performance.now() - started;
    expect(((out.messages[0]!.content as unknown[])[0] as { data: string }).data).toHaveLength(4_000_000);
    // Generous for a loaded machine; anything quadratic in 100,000 messages takes minutes.
    expect(elapsed).toBeLessThan(5000);
  });
});
