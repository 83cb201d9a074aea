import { type ChatCompletionRequest, generateToolCallId, isLLMError, type Message } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertImage, convertRequest } from '../src/convert-request.js';

const user = (content: string): Message => ({ role: 'user', content });

describe('convertRequest', () => {
  it('puts every system message into systemInstruction, in order', () => {
    const out = convertRequest({
      messages: [
        { role: 'system', content: 'Be brief.' },
        user('Hi'),
        { role: 'system', content: 'Answer in French.' },
      ],
    });
    expect(out.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(out.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('sends assistant messages as the model role', () => {
    const out = convertRequest({
      messages: [user('Hi'), { role: 'assistant', content: 'Hello!' }, user('Bye')],
    });
    expect(out.contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(out.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Hello!' }] });
  });

  it('leaves out an assistant message with nothing to send', () => {
    const out = convertRequest({
      messages: [user('Hi'), { role: 'assistant', content: '', reasoning: 'hidden' }, user('Again')],
    });
    expect(out.contents.map((content) => content.role)).toEqual(['user', 'user']);
  });

  it('sends tool calls as functionCall parts, keeping vendor ids and signatures', () => {
    const out = convertRequest({
      messages: [
        user('Weather?'),
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            {
              id: 'fc_vendor1',
              name: 'get_weather',
              arguments: '{"city":"Paris"}',
              input: { city: 'Paris' },
              signature: 'SIG-1',
            },
          ],
        },
      ],
    });
    expect(out.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'Checking.' },
        { functionCall: { id: 'fc_vendor1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG-1' },
      ],
    });
  });

  it('omits ids core generated from function calls and responses', () => {
    const id = generateToolCallId();
    const out = convertRequest({
      messages: [
        user('Go'),
        { role: 'assistant', content: null, toolCalls: [{ id, name: 'noop', arguments: '', input: {} }] },
        { role: 'tool', toolCallId: id, content: 'done' },
      ],
    });
    expect(out.contents[1]!.parts[0]!.functionCall).toEqual({ name: 'noop', args: {} });
    expect(out.contents[2]!.parts).toEqual([{ functionResponse: { name: 'noop', response: { output: 'done' } } }]);
  });

  // Gemini 3 rejects a model turn whose first functionCall has no signature; Google documents a
  // sentinel for calls it did not make (another provider's, or written by hand).
  it('marks the first call of a turn without signatures with the skip-validation sentinel', () => {
    const out = convertRequest({
      messages: [
        user('Both'),
        {
          role: 'assistant',
          content: 'On it.',
          toolCalls: [
            { id: 'call_1', name: 'a', arguments: '{}', input: {} },
            { id: 'call_2', name: 'b', arguments: '{}', input: {} },
          ],
        },
      ],
    });
    expect(out.contents[1]!.parts).toEqual([
      { text: 'On it.' },
      { functionCall: { id: 'call_1', name: 'a', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
      { functionCall: { id: 'call_2', name: 'b', args: {} } },
    ]);
  });

  it('leaves parallel calls alone when one of them carries a signature', () => {
    const out = convertRequest({
      messages: [
        user('Both'),
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'call_1', name: 'a', arguments: '{}', input: {}, signature: 'SIG' },
            { id: 'call_2', name: 'b', arguments: '{}', input: {} },
          ],
        },
      ],
    });
    expect(out.contents[1]!.parts.map((part) => part.thoughtSignature)).toEqual(['SIG', undefined]);
  });

  // Gemini's `response` is a protobuf Struct, whose numbers are doubles: JSON text goes as the
  // string it is, so that ids above 2^53 reach the model digit for digit.
  it('sends a JSON tool result as text, so that large numbers are not rounded', () => {
    const content = '{"id":12345678901234567890}';
    const call = { id: 'fc_1', name: 't', arguments: '{}', input: {} };
    const out = convertRequest({
      messages: [
        user('x'),
        { role: 'assistant', content: null, toolCalls: [call] },
        { role: 'tool', toolCallId: 'fc_1', name: 't', content },
      ],
    });
    expect(out.contents[2]!.parts[0]!.functionResponse!.response).toEqual({ output: content });
  });

  it.each([
    ['the parsed input', { id: 'a', name: 't', arguments: '{"x":1}', input: { x: 1 } }, { x: 1 }],
    ['the JSON text when input is missing', { id: 'a', name: 't', arguments: '{"y":2}', input: undefined }, { y: 2 }],
    ['an empty object for text that is not JSON', { id: 'a', name: 't', arguments: '{"y":', input: undefined }, {}],
    ['an empty object for input that is not an object', { id: 'a', name: 't', arguments: '[1]', input: [1] }, {}],
  ])('sends as args %s', (_name, call, args) => {
    const out = convertRequest({ messages: [user('Go'), { role: 'assistant', content: null, toolCalls: [call] }] });
    expect(out.contents[1]!.parts[0]!.functionCall!.args).toEqual(args);
  });

  it('sends signed reasoning back as thought parts before the text', () => {
    const out = convertRequest({
      messages: [
        user('Think'),
        {
          role: 'assistant',
          content: 'Answer.',
          reasoning: 'Because.Unsigned.',
          reasoningParts: [
            { text: 'Because.', signature: 'SIG-A' },
            { text: 'Unsigned.' },
            { text: '', signature: 'SIG-B' },
          ],
        },
      ],
    });
    expect(out.contents[1]!.parts).toEqual([
      { text: 'Because.', thought: true, thoughtSignature: 'SIG-A' },
      { text: '', thought: true, thoughtSignature: 'SIG-B' },
      { text: 'Answer.' },
    ]);
  });

  it('merges consecutive tool results into one user turn, looking names up by call id', () => {
    const out = convertRequest({
      messages: [
        user('Both'),
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'fc_1', name: 'get_weather', arguments: '{}', input: {} },
            { id: 'fc_2', name: 'get_time', arguments: '{}', input: {} },
          ],
        },
        { role: 'tool', toolCallId: 'fc_1', content: '18°C' },
        { role: 'tool', toolCallId: 'fc_2', name: 'get_time', content: 'timeout', isError: true },
        user('Thanks'),
      ],
    });
    expect(out.contents.slice(2)).toEqual([
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'fc_1', name: 'get_weather', response: { output: '18°C' } } },
          { functionResponse: { id: 'fc_2', name: 'get_time', response: { error: 'timeout' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('puts tool results that came back out of order in call order (Gemini pairs id-less calls by position)', () => {
    const out = convertRequest({
      messages: [
        user('Paris and Oslo?'),
        {
          role: 'assistant',
          content: null,
          toolCalls: [
            { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
            { id: 'call_oslo', name: 'get_weather', arguments: '{"city":"Oslo"}', input: { city: 'Oslo' } },
            { id: 'call_time', name: 'get_time', arguments: '{}', input: {} },
          ],
        },
        { role: 'tool', toolCallId: 'call_time', content: '09:00' },
        { role: 'tool', toolCallId: 'call_oslo', content: '4' },
        { role: 'tool', toolCallId: 'call_paris', content: '18' },
      ],
    });
    expect(out.contents[2]!.parts.map((part) => part.functionResponse)).toEqual([
      { id: 'call_paris', name: 'get_weather', response: { output: '18' } },
      { id: 'call_oslo', name: 'get_weather', response: { output: '4' } },
      { id: 'call_time', name: 'get_time', response: { output: '09:00' } },
    ]);
  });

  it('rejects a tool result that answers no earlier call (core request contract)', () => {
    const convert = () => convertRequest({ messages: [user('x'), { role: 'tool', toolCallId: 'nope', content: '1' }] });
    expect(convert).toThrow('Invalid request: messages[1].toolCallId ("nope") matches no tool call');
    try {
      convert();
    } catch (error) {
      expect(isLLMError(error) && error.code).toBe('invalid_request');
    }
  });

  it('rejects a conversation with only a system prompt (core request contract)', () => {
    expect(() => convertRequest({ messages: [{ role: 'system', content: 'x' }] }, 'gemini')).toThrow(
      'Invalid request: messages has only system messages',
    );
  });

  it('sends user text and image parts in order', () => {
    const out = convertRequest({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', data: 'iVBORw0KGgoAAAA', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.org/yard.jpg' },
          ],
        },
      ],
    });
    expect(out.contents[0]!.parts).toEqual([
      { text: 'What is this?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgoAAAA' } },
      { fileData: { fileUri: 'https://example.org/yard.jpg', mimeType: 'image/jpeg' } },
    ]);
  });

  it('declares tools with reduced schemas and no parameters for argument-less tools', () => {
    const out = convertRequest({
      messages: [user('x')],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          },
        },
        { name: 'ping', parameters: { type: 'object', properties: {} } },
      ],
    });
    expect(out.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
          },
          { name: 'ping' },
        ],
      },
    ]);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'tool', name: 'get_weather' },
      { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    ],
  ] as const)('maps toolChoice %j to functionCallingConfig', (toolChoice, config) => {
    const tools = [{ name: 'get_weather', parameters: { type: 'object' } }];
    const out = convertRequest({ messages: [user('x')], tools, toolChoice });
    expect(out.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it('maps sampling and limits to generationConfig', () => {
    const out = convertRequest({
      messages: [user('x')],
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 256,
      stop: ['END'],
      seed: 7,
    });
    expect(out.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      seed: 7,
    });
  });

  it('sends no generationConfig when nothing is set', () => {
    expect(convertRequest({ messages: [user('x')] })).toEqual({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] });
  });

  it.each([
    [{ type: 'text' }, undefined],
    [{ type: 'json' }, { responseMimeType: 'application/json' }],
    [
      { type: 'json_schema', name: 'r', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      {
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { ok: { type: 'BOOLEAN' } } },
      },
    ],
  ] as const)('maps responseFormat %j', (responseFormat, config) => {
    const request: ChatCompletionRequest = { messages: [user('x')], responseFormat };
    expect(convertRequest(request).generationConfig).toEqual(config);
  });

  it('merges providerOptions.google last: generation fields, top-level fields and extra tools', () => {
    const out = convertRequest({
      messages: [user('x')],
      temperature: 1,
      tools: [{ name: 't', parameters: {} }],
      providerOptions: {
        google: {
          thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
          temperature: 0.5,
          generationConfig: { topK: 40 },
          safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
          tools: [{ googleSearch: {} }],
        },
        openai: { ignored: true },
      },
    });
    expect(out.generationConfig).toEqual({
      temperature: 0.5,
      topK: 40,
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(out.safetySettings).toEqual([{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }]);
    expect(out.tools).toEqual([{ functionDeclarations: [{ name: 't' }] }, { googleSearch: {} }]);
  });

  it('also merges the options under the plugin name when it is not "google"', () => {
    const out = convertRequest(
      { messages: [user('x')], providerOptions: { google: { topK: 1 }, vertex: { topK: 2 } } },
      'vertex',
    );
    expect(out.generationConfig).toEqual({ topK: 2 });
  });
});

describe('convertImage', () => {
  it.each([
    [
      'base64 with its media type',
      { type: 'image', data: 'AAAA', mediaType: 'image/webp' },
      { inlineData: { mimeType: 'image/webp', data: 'AAAA' } },
    ],
    [
      'image/jpg (and upper case) as image/jpeg',
      { type: 'image', data: '/9j/4AAQ', mediaType: 'Image/JPG' },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
    ],
    [
      'base64 JPEG without a media type',
      { type: 'image', data: '/9j/4AAQ' },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
    ],
    [
      'base64 PNG without a media type',
      { type: 'image', data: 'iVBORw0KGgoAAA' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgoAAA' } },
    ],
    [
      'a data: URL',
      { type: 'image', url: 'data:image/gif;base64,R0lGODlh' },
      { inlineData: { mimeType: 'image/gif', data: 'R0lGODlh' } },
    ],
    [
      'a gs: URI',
      { type: 'image', url: 'gs://bucket/yard.png' },
      { fileData: { fileUri: 'gs://bucket/yard.png', mimeType: 'image/png' } },
    ],
    [
      'a Files API URI with its media type',
      { type: 'image', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mediaType: 'image/heic' },
      { fileData: { fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mimeType: 'image/heic' } },
    ],
    [
      'a URL without an extension',
      { type: 'image', url: 'https://example.org/image?id=1.png' },
      { fileData: { fileUri: 'https://example.org/image?id=1.png' } },
    ],
  ] as const)('sends %s', (_name, image, part) => {
    expect(convertImage(image)).toEqual(part);
  });
});
