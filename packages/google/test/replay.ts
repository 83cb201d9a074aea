import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** Starts one replay server for the file and clears its requests before each test. */
export function useReplayServer(): { readonly server: ReplayServer; readonly baseURL: string } {
  let server: ReplayServer | undefined;
  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server?.reset());
  return {
    get server(): ReplayServer {
      if (server === undefined) throw new Error('the replay server is not running');
      return server;
    },
    get baseURL(): string {
      return this.server.baseURL('google');
    },
  };
}

/** A request exercising every conversion feature. */
export const RICH_REQUEST = {
  messages: [
    { role: 'system' as const, content: 'You are a dispatcher.' },
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'Which track?' },
        { type: 'image' as const, data: 'iVBORw0KGgoAAAANSUhEUg', mediaType: 'image/png' },
        { type: 'image' as const, url: 'https://example.org/yard.webp' },
      ],
    },
    {
      role: 'assistant' as const,
      content: 'Let me check.',
      reasoningParts: [{ text: 'Plan.', signature: 'SIG-THOUGHT' }],
      toolCalls: [
        {
          id: 'fc_abc',
          name: 'get_track',
          arguments: '{"yard":"north"}',
          input: { yard: 'north' },
          signature: 'SIG-CALL',
        },
      ],
    },
    { role: 'tool' as const, toolCallId: 'fc_abc', content: 'Track 7' },
  ],
  tools: [
    {
      name: 'get_track',
      description: 'The free track of a yard',
      parameters: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { yard: { type: 'string', enum: ['north', 'south'] }, note: { type: ['string', 'null'] } },
        required: ['yard'],
        additionalProperties: false,
      },
    },
  ],
  toolChoice: 'required' as const,
  temperature: 0.2,
  topP: 0.8,
  maxTokens: 512,
  stop: ['END'],
  seed: 42,
  responseFormat: {
    type: 'json_schema' as const,
    schema: { type: 'object', properties: { track: { type: 'integer' } } },
  },
  providerOptions: { google: { thinkingConfig: { thinkingBudget: 128, includeThoughts: true } } },
};

/** The `GenerateContentRequest` body RICH_REQUEST becomes. */
export const RICH_BODY = {
  contents: [
    {
      role: 'user',
      parts: [
        { text: 'Which track?' },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUg' } },
        { fileData: { fileUri: 'https://example.org/yard.webp', mimeType: 'image/webp' } },
      ],
    },
    {
      role: 'model',
      parts: [
        { text: 'Plan.', thought: true, thoughtSignature: 'SIG-THOUGHT' },
        { text: 'Let me check.' },
        { functionCall: { id: 'fc_abc', name: 'get_track', args: { yard: 'north' } }, thoughtSignature: 'SIG-CALL' },
      ],
    },
    {
      role: 'user',
      parts: [{ functionResponse: { id: 'fc_abc', name: 'get_track', response: { output: 'Track 7' } } }],
    },
  ],
  systemInstruction: { parts: [{ text: 'You are a dispatcher.' }] },
  tools: [
    {
      functionDeclarations: [
        {
          name: 'get_track',
          description: 'The free track of a yard',
          parameters: {
            type: 'OBJECT',
            properties: {
              yard: { type: 'STRING', enum: ['north', 'south'] },
              note: { type: 'STRING', nullable: true },
            },
            required: ['yard'],
          },
        },
      ],
    },
  ],
  toolConfig: { functionCallingConfig: { mode: 'ANY' } },
  generationConfig: {
    temperature: 0.2,
    topP: 0.8,
    maxOutputTokens: 512,
    stopSequences: ['END'],
    seed: 42,
    responseMimeType: 'application/json',
    responseSchema: { type: 'OBJECT', properties: { track: { type: 'INTEGER' } } },
    thinkingConfig: { thinkingBudget: 128, includeThoughts: true },
  },
};

/** A tool turn made by another provider (no signatures). */
export const FOREIGN_TOOL_TURN = {
  messages: [
    { role: 'user' as const, content: 'Weather and time in Paris?' },
    {
      role: 'assistant' as const,
      content: null,
      toolCalls: [
        { id: 'call_oai_1', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
        { id: 'call_oai_2', name: 'get_time', arguments: '{"city":"Paris"}', input: { city: 'Paris' } },
      ],
    },
    { role: 'tool' as const, toolCallId: 'call_oai_1', content: '{"temp":18,"sky":"clear"}' },
    { role: 'tool' as const, toolCallId: 'call_oai_2', content: '09:41' },
  ],
};

/** The `contents` FOREIGN_TOOL_TURN becomes. */
export const FOREIGN_TOOL_CONTENTS = [
  { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
  {
    role: 'model',
    parts: [
      {
        functionCall: { id: 'call_oai_1', name: 'get_weather', args: { city: 'Paris' } },
        thoughtSignature: 'skip_thought_signature_validator',
      },
      { functionCall: { id: 'call_oai_2', name: 'get_time', args: { city: 'Paris' } } },
    ],
  },
  {
    role: 'user',
    parts: [
      {
        functionResponse: { id: 'call_oai_1', name: 'get_weather', response: { output: '{"temp":18,"sky":"clear"}' } },
      },
      { functionResponse: { id: 'call_oai_2', name: 'get_time', response: { output: '09:41' } } },
    ],
  },
];
