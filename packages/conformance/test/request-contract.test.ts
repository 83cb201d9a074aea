import { Buffer } from 'node:buffer';
import { type ChatCompletionRequest, complete, isLLMError, type LLMError, type Message } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { useThreeVendors, VENDORS, type Vendor } from './three-vendors.js';

// The one request contract (docs/requests.md), end to end: the same bad request gets the same
// `invalid_request` error from every adapter, through core and called directly, and not one
// byte reaches the vendor; what a vendor cannot express is mapped by the same rule everywhere.

const replay = useThreeVendors();
beforeEach(() => replay.server.reset());
const model = (vendor: Vendor, scenario = 'text-basic') => replay.model(vendor, scenario);

const user: Message = { role: 'user', content: 'Hi' };
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const call = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } };

/** Every rule of the contract broken once: the request, and the field path its error names. */
const INVALID: ReadonlyArray<readonly [string, unknown, string]> = [
  ['empty messages', { messages: [] }, 'messages must be a non-empty array'],
  ['an empty user message', { messages: [{ role: 'user', content: '' }] }, 'messages[0].content is empty'],
  ['an unknown role', { messages: [{ role: 'human', content: 'Hi' }] }, 'messages[0].role'],
  ['only a system prompt', { messages: [{ role: 'system', content: 'Be brief.' }] }, 'messages has only system'],
  [
    'an image part in a system message',
    { messages: [{ role: 'system', content: [{ type: 'image', url: 'https://x.test/a.png' }] }, user] },
    'messages[0].content[0]',
  ],
  [
    'an image with neither url nor data',
    { messages: [{ role: 'user', content: [{ type: 'image' }] }] },
    'messages[0].content[0] needs url',
  ],
  [
    'an image with a file: URL',
    { messages: [{ role: 'user', content: [{ type: 'image', url: 'file:///tmp/a.png' }] }] },
    'messages[0].content[0].url',
  ],
  [
    'image bytes of no known format without mediaType',
    { messages: [{ role: 'user', content: [{ type: 'image', data: new Uint8Array([1, 2, 3]) }] }] },
    'messages[0].content[0].mediaType',
  ],
  [
    'a non-base64 data: URL',
    { messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/svg+xml,<svg/>' }] }] },
    'messages[0].content[0].url',
  ],
  [
    'a tool result that answers no call',
    { messages: [user, { role: 'tool', toolCallId: 'nope', content: '1' }] },
    'messages[1].toolCallId',
  ],
  [
    'a tool result without toolCallId',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [call] }, { role: 'tool', content: '1' }] },
    'messages[2].toolCallId',
  ],
  [
    'a tool call without a name',
    { messages: [user, { role: 'assistant', content: null, toolCalls: [{ id: 'c', arguments: '{}' }] }] },
    'messages[1].toolCalls[0].name',
  ],
  ['a tool name with a dot', { messages: [user], tools: [{ ...weather, name: 'weather.get' }] }, 'tools[0].name'],
  ['duplicate tool names', { messages: [user], tools: [weather, weather] }, 'tools[1].name'],
  [
    'tool parameters that are not an object schema',
    { messages: [user], tools: [{ ...weather, parameters: { type: 'array', items: {} } }] },
    'tools[0].parameters',
  ],
  ['toolChoice required without tools', { messages: [user], toolChoice: 'required' }, 'toolChoice'],
  [
    'toolChoice naming no tool',
    { messages: [user], tools: [weather], toolChoice: { type: 'tool', name: 'nope' } },
    'toolChoice.name',
  ],
  ['temperature NaN', { messages: [user], temperature: Number.NaN }, 'temperature'],
  ['topP above 1', { messages: [user], topP: 2 }, 'topP'],
  ['maxTokens 0', { messages: [user], maxTokens: 0 }, 'maxTokens'],
  ['a fractional seed', { messages: [user], seed: 0.5 }, 'seed'],
  ['five stop sequences', { messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
  ['an unknown responseFormat', { messages: [user], responseFormat: { type: 'yaml' } }, 'responseFormat.type'],
  ['providerOptions that are not objects', { messages: [user], providerOptions: { openai: 1 } }, 'providerOptions'],
];

async function errorThroughCore(request: unknown, vendor: Vendor): Promise<LLMError> {
  try {
    await complete(request as ChatCompletionRequest, model(vendor), { maxRetries: 0 });
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  return expect.fail(`${vendor}: expected an invalid_request error`);
}

async function errorCalledDirectly(request: unknown, vendor: Vendor): Promise<LLMError> {
  try {
    for await (const _chunk of model(vendor).createChatCompletionStream(request as ChatCompletionRequest)) {
      // Nothing may arrive: the request is refused before it is sent.
    }
  } catch (error) {
    if (isLLMError(error)) return error;
    throw error;
  }
  return expect.fail(`${vendor}: expected an invalid_request error`);
}

describe('one request contract: invalid input', () => {
  it.each(INVALID)('refuses %s identically on every adapter, sending nothing', async (_name, request, path) => {
    const errors: LLMError[] = [];
    for (const vendor of VENDORS) {
      errors.push(await errorThroughCore(request, vendor));
      errors.push(await errorCalledDirectly(request, vendor));
    }
    const first = errors[0]!;
    expect(first.code).toBe('invalid_request');
    expect(first.retryable).toBe(false);
    expect(first.message).toContain(`Invalid request: ${path}`);
    for (const error of errors) {
      expect({ code: error.code, message: error.message, provider: error.provider }).toEqual({
        code: 'invalid_request',
        message: first.message,
        provider: 'core',
      });
    }
    expect(replay.server.requests).toHaveLength(0);
  });
});

/** Sends one valid request through core to each vendor; returns the bodies the server received. */
async function bodies(request: ChatCompletionRequest): Promise<Record<Vendor, Record<string, unknown>>> {
  const out = {} as Record<Vendor, Record<string, unknown>>;
  for (const vendor of VENDORS) {
    replay.server.reset();
    await complete(request, model(vendor), { maxRetries: 0 });
    expect(replay.server.requests).toHaveLength(1);
    out[vendor] = replay.server.requests[0]!.body as Record<string, unknown>;
  }
  return out;
}

type Json = Record<string, unknown>;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PNG_BASE64 = Buffer.from(PNG).toString('base64');

describe('one request contract: what every vendor receives', () => {
  it('sends developer messages and system text parts as the system prompt', async () => {
    const sent = await bodies({
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
    });
    expect((sent.openai.messages as Json[]).slice(0, 2)).toEqual([
      { role: 'system', content: 'Rule one.' },
      { role: 'system', content: 'Part A.\n\nPart B.' },
    ]);
    expect(sent.anthropic.system).toBe('Rule one.\n\nPart A.\n\nPart B.');
    expect(sent.google.systemInstruction).toEqual({ parts: [{ text: 'Rule one.' }, { text: 'Part A.\n\nPart B.' }] });
  });

  it.each([
    ['a Uint8Array', PNG],
    ['a Node Buffer', Buffer.from(PNG)],
    ['an ArrayBuffer', PNG.slice().buffer],
  ])('sends image data given as %s as base64 with its recognised media type', async (_name, data) => {
    const sent = await bodies({ messages: [{ role: 'user', content: [{ type: 'image', data }] }] });
    expect((sent.openai.messages as Json[])[0]).toEqual({
      role: 'user',
      content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }],
    });
    expect((sent.anthropic.messages as Json[])[0]).toEqual({
      role: 'user',
      content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } }],
    });
    expect((sent.google.contents as Json[])[0]).toEqual({
      role: 'user',
      parts: [{ inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }],
    });
  });

  it('sends a data: URL image by value everywhere', async () => {
    const sent = await bodies({
      messages: [{ role: 'user', content: [{ type: 'image', url: `data:image/png;base64,${PNG_BASE64}` }] }],
    });
    expect(JSON.stringify(sent.openai)).toContain(`"url":"data:image/png;base64,${PNG_BASE64}"`);
    expect(JSON.stringify(sent.anthropic)).toContain(`"media_type":"image/png","data":"${PNG_BASE64}"`);
    expect(JSON.stringify(sent.google)).toContain(`"inlineData":{"mimeType":"image/png","data":"${PNG_BASE64}"}`);
  });

  it("re-maps tool call ids that a vendor's grammar refuses, the same in the call and its result", async () => {
    const id = 'call:legacy/1';
    const sent = await bodies({
      messages: [
        user,
        { role: 'assistant', content: null, toolCalls: [{ ...call, id }] },
        { role: 'tool', toolCallId: id, content: '18C' },
      ],
      tools: [weather],
    });
    // OpenAI takes any id up to 40 characters: sent as it is.
    const openaiMessages = sent.openai.messages as Json[];
    expect((openaiMessages[1]!.tool_calls as Json[])[0]!.id).toBe(id);
    expect(openaiMessages[2]!.tool_call_id).toBe(id);
    // Anthropic: ^[a-zA-Z0-9_-]+$.
    const anthropicMessages = sent.anthropic.messages as Array<{ content: Json[] }>;
    const useId = anthropicMessages[1]!.content[0]!.id as string;
    expect(useId).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(anthropicMessages[2]!.content[0]!.tool_use_id).toBe(useId);
  });

  it('re-maps ids to 9 letters or digits for Mistral, and identically on the next request', async () => {
    const mistral = openai.preset('mistral', { baseURL: replay.server.baseURL('openai'), apiKey: 'test-key' });
    const id = 'toolu_01D7FLrfh4GYq7yT1ULFeyMV';
    const request: ChatCompletionRequest = {
      messages: [
        user,
        { role: 'assistant', content: null, toolCalls: [{ ...call, id }] },
        { role: 'tool', toolCallId: id, content: '18C' },
      ],
      tools: [weather],
    };
    await complete(request, mistral.languageModel('text-basic'), { maxRetries: 0 });
    await complete(request, mistral.languageModel('text-basic'), { maxRetries: 0 });
    const [first, second] = replay.server.requests.map((sent) => (sent.body as { messages: Json[] }).messages);
    const callId = (first![1]!.tool_calls as Json[])[0]!.id as string;
    expect(callId).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(first![2]!.tool_call_id).toBe(callId);
    expect((second![1]!.tool_calls as Json[])[0]!.id).toBe(callId);
  });
});
