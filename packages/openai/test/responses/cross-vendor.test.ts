import { anthropic } from '@switchyard/anthropic';
import { type ReplayServer, startReplayServer } from '@switchyard/conformance';
import { type ChatCompletionRequest, complete, createRegistry, type Message, type Registry } from '@switchyard/core';
import { openai } from '@switchyard/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// One conversation through the replay server: OpenAI Responses (reasoning + a tool call),
// then Anthropic, then OpenAI Chat, then back to Responses. Each vendor gets the history in
// its own terms, and opaque data goes back only to the provider that issued it.
let server: ReplayServer;
let registry: Registry;
const KEY = 'sk-test-0123456789abcdef';

beforeAll(async () => {
  server = await startReplayServer();
  registry = createRegistry([
    openai({ baseURL: server.baseURL('openai'), apiKey: KEY }),
    openai({ baseURL: server.baseURL('openai-responses'), apiKey: KEY, api: 'responses', name: 'openai-responses' }),
    anthropic({ baseURL: server.baseURL('anthropic'), apiKey: KEY }),
  ]);
});
afterAll(async () => {
  await server.close();
});

const tools: ChatCompletionRequest['tools'] = [
  { name: 'get_weather', description: 'The current weather', parameters: { type: 'object', properties: {} } },
];
const CALL_ID = 'call_Rt5Gm2Xk8Qw1Nv6Jd3Hs9Lb';
const RS_ID = 'rs_68a4079c2a3c819db0d2f4a6c8e0a2b42d6c8e0f2a4b5c79';
const FC_ID = 'fc_68a4079e5d7e819da4c6e8b0d2f4a6c82d6c8e0f2a4b5c79';

function lastBody(): Record<string, unknown> {
  return server.requests.at(-1)!.body as Record<string, unknown>;
}

describe('a conversation across openai-responses, anthropic and openai (chat)', () => {
  it('keeps reasoning and tool calls, and sends opaque data only to its issuer', async () => {
    const messages: Message[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const options = { registry, maxRetries: 0 };

    // 1. Responses: reasoning (encrypted) and a get_weather call.
    const turn1 = await complete({ messages, tools }, 'openai-responses:round-trip-turn-1', options);
    expect(turn1.toolCalls[0]).toMatchObject({ id: CALL_ID, itemId: FC_ID });
    const encrypted = turn1.reasoningParts?.[0]?.signature ?? '';
    expect(encrypted).not.toBe('');
    messages.push(turn1, { role: 'tool', toolCallId: CALL_ID, name: 'get_weather', content: '18 °C, sunny' });

    // 2. Anthropic gets the call and its result, none of OpenAI's reasoning items.
    const turn2 = await complete({ messages, tools }, 'anthropic:thinking-signature', options);
    const anthropicBody = JSON.stringify(lastBody());
    expect(anthropicBody).toContain(`"tool_use_id":"${CALL_ID}"`);
    expect(anthropicBody).toContain(`"id":"${CALL_ID}"`);
    expect(anthropicBody).not.toContain(encrypted);
    expect(anthropicBody).not.toContain(RS_ID);
    expect(anthropicBody).not.toContain(FC_ID);
    const signature = turn2.reasoningParts?.[0]?.signature ?? '';
    expect(signature).not.toBe('');
    messages.push(turn2, { role: 'user', content: 'And tomorrow?' });

    // 3. Chat Completions: the call as tool_calls, no reasoning of anyone.
    await complete({ messages, tools }, 'openai:text-basic', options);
    const chatBody = lastBody();
    const chatText = JSON.stringify(chatBody);
    expect(chatBody.messages).toContainEqual(
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [
          {
            id: CALL_ID,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' },
          },
        ],
      }),
    );
    expect(chatText).not.toContain(encrypted);
    expect(chatText).not.toContain(signature);

    // 4. Back on Responses: its own reasoning item and call item return verbatim; Anthropic's
    // thinking (no Responses item) does not.
    const turn3 = await complete({ messages, tools }, 'openai-responses:round-trip-turn-2', options);
    expect(turn3.content).toBe('It is 18 °C and sunny in Paris right now.');
    const input = lastBody().input as Array<Record<string, unknown>>;
    expect(input.filter((item) => item.type === 'reasoning')).toEqual([
      {
        type: 'reasoning',
        id: RS_ID,
        summary: [expect.objectContaining({ type: 'summary_text' })],
        encrypted_content: encrypted,
      },
    ]);
    expect(input.filter((item) => item.type === 'function_call')).toEqual([
      {
        type: 'function_call',
        id: FC_ID,
        call_id: CALL_ID,
        name: 'get_weather',
        arguments: '{"location":"Paris, France"}',
      },
    ]);
    expect(input).toContainEqual({ role: 'assistant', content: turn2.content });
    expect(JSON.stringify(input)).not.toContain(signature);
  });
});
