import { complete, type Message, type OutputMessage, type Tool } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { useThreeVendors, type Vendor } from './three-vendors.js';

// One conversation with reasoning and tool calls moves between vendors (docs/cross-vendor.md):
// every step is a real recorded response of that vendor, and every request body the replay
// server receives is checked against that vendor's documented constraints.

const replay = useThreeVendors();
const model = replay.model;

type Json = Record<string, unknown>;

const schema = { type: 'object', properties: {} };
const tools: Tool[] = ['lookup_order', 'get_weather', 'get_departures', 'get_platform', 'store_items', 'get_time'].map(
  (name) => ({ name, parameters: schema }),
);

/** The opaque data and reasoning text each provider issued so far (read from the answers). */
const issued: Record<Vendor, string[]> = { openai: [], anthropic: [], google: [] };
/** The signatures alone (what must go back to their issuer). */
const signatures: Record<Vendor, string[]> = { openai: [], anthropic: [], google: [] };

function remember(vendor: Vendor, message: OutputMessage): void {
  for (const part of message.reasoningParts ?? []) {
    if (part.signature) issued[vendor].push(part.signature);
    if (part.signature) signatures[vendor].push(part.signature);
    if (part.redacted) issued[vendor].push(part.redacted);
    if (part.text.length > 20) issued[vendor].push(part.text.slice(0, 20));
  }
  for (const call of message.toolCalls) {
    if (call.signature) issued[vendor].push(call.signature);
    if (call.signature) signatures[vendor].push(call.signature);
  }
}

function foreignTo(vendor: Vendor): string[] {
  return (Object.keys(issued) as Vendor[]).filter((other) => other !== vendor).flatMap((other) => issued[other]);
}

const history: Message[] = [
  { role: 'user', content: 'Order A-1042: where is it, what is the weather there, and which train do I take?' },
  // A call written by hand, with an id Anthropic's grammar refuses.
  {
    role: 'assistant',
    content: null,
    toolCalls: [{ id: 'call:legacy/1', name: 'lookup_order', arguments: '{}', input: {} }],
  },
  { role: 'tool', toolCallId: 'call:legacy/1', content: '{"status":"packed"}' },
];

/** Sends the history to one vendor, checks the answer's identity, appends it and a result per call. */
async function step(vendor: Vendor, scenario: string, toolCalls: number): Promise<Json> {
  const before = replay.server.requests.length;
  const message = await complete({ messages: history, tools }, model(vendor, scenario), { maxRetries: 0 });
  expect(replay.server.requests).toHaveLength(before + 1);
  expect(message.provider).toBe(vendor);
  expect(message.toolCalls).toHaveLength(toolCalls);
  remember(vendor, message);
  history.push(message);
  for (const call of message.toolCalls)
    history.push({ role: 'tool', toolCallId: call.id, content: `${call.name}: ok` });
  return replay.server.requests[before]!.body as Json;
}

function expectNoForeignData(body: Json, vendor: Vendor): void {
  const text = JSON.stringify(body);
  for (const secret of foreignTo(vendor)) expect(text, `${vendor} body`).not.toContain(secret);
}

/** Anthropic: only its own signed thinking, ids `^[a-zA-Z0-9_-]+$`, each tool_use answered next turn. */
function expectAnthropicBody(body: Json): void {
  expectNoForeignData(body, 'anthropic');
  const turns = body.messages as Array<{ role: string; content: string | Json[] }>;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.role !== 'assistant' || typeof turn.content === 'string') continue;
    const uses: string[] = [];
    for (const block of turn.content) {
      if (block.type === 'thinking') expect(issued.anthropic).toContain(block.signature);
      if (block.type === 'redacted_thinking') expect(issued.anthropic).toContain(block.data);
      if (block.type === 'tool_use') {
        expect(block.id).toMatch(/^[a-zA-Z0-9_-]+$/);
        uses.push(block.id as string);
      }
    }
    const next = turns[i + 1]!;
    const results = (next.content as Json[]).filter((block) => block.type === 'tool_result').map((b) => b.tool_use_id);
    expect(results).toEqual(uses);
  }
}

/** Gemini: thoughtSignature only on its own parts (or Google's sentinel on others' calls). */
function expectGoogleBody(body: Json): void {
  expectNoForeignData(body, 'google');
  const contents = body.contents as Array<{ role: string; parts: Json[] }>;
  for (let i = 0; i < contents.length; i++) {
    const { role, parts } = contents[i]!;
    if (role !== 'model') continue;
    const calls: string[] = [];
    for (const part of parts) {
      if (part.thoughtSignature !== undefined && part.thoughtSignature !== 'skip_thought_signature_validator') {
        expect(issued.google).toContain(part.thoughtSignature);
      }
      if (part.thoughtSignature === 'skip_thought_signature_validator') expect(part.functionCall).toBeDefined();
      if (part.functionCall !== undefined) calls.push((part.functionCall as Json).name as string);
    }
    const answered = contents[i + 1]!.parts.map((part) => (part.functionResponse as Json).name);
    expect(answered).toEqual(calls);
  }
}

/** OpenAI: ids of at most 40 characters, each tool message answering the assistant turn before it. */
function expectOpenAIBody(body: Json): void {
  expectNoForeignData(body, 'openai');
  let open: string[] = [];
  for (const message of body.messages as Json[]) {
    expect(message).not.toHaveProperty('reasoning_content');
    if (message.role === 'assistant') {
      open = ((message.tool_calls as Json[] | undefined) ?? []).map((call) => call.id as string);
      for (const id of open) expect(id.length).toBeLessThanOrEqual(40);
    } else if (message.role === 'tool') {
      expect(open).toContain(message.tool_call_id);
    }
  }
}

describe('a conversation that crosses vendors', () => {
  it('1. OpenAI answers the opening turn with a tool call', async () => {
    expectOpenAIBody(await step('openai', 'text-then-tool-call', 1));
  });

  it('2. Anthropic receives the history with ids in its grammar, and thinks (signed and redacted) before a call', async () => {
    const body = await step('anthropic', 'thinking-tool-use', 1);
    expectAnthropicBody(body);
    expect(JSON.stringify(body)).not.toContain('call:legacy/1');
    expect(issued.anthropic.length).toBeGreaterThanOrEqual(2);
  });

  it("3. Gemini receives none of Anthropic's thinking, and answers with signed calls", async () => {
    const body = await step('google', 'stop-with-calls', 2);
    expectGoogleBody(body);
    expect(issued.google.length).toBeGreaterThanOrEqual(1);
  });

  it("4. Anthropic gets its own signed and redacted thinking back exactly, and none of Gemini's signatures", async () => {
    const body = await step('anthropic', 'large', 1);
    expectAnthropicBody(body);
    const blocks = (body.messages as Array<{ content: Json[] | string }>).flatMap((turn) =>
      typeof turn.content === 'string' ? [] : turn.content,
    );
    expect(blocks.filter((block) => block.type === 'thinking')).toHaveLength(1);
    expect(blocks.filter((block) => block.type === 'redacted_thinking')).toHaveLength(1);
  });

  it('5. OpenAI receives every turn with no opaque data and its tool results paired', async () => {
    const body = await step('openai', 'parallel-tool-calls', 2);
    expectOpenAIBody(body);
    const tools = (body.messages as Json[]).filter((message) => message.role === 'tool');
    expect(tools).toHaveLength(1 + 1 + 1 + 2 + 1);
  });

  it('carries the history to a fallback on another vendor when the primary fails before output', async () => {
    const before = replay.server.requests.length;
    const message = await complete({ messages: history, tools }, model('anthropic', 'text-basic~status-503'), {
      maxRetries: 0,
      fallbacks: [model('google', 'text-basic')],
    });
    expect(message.provider).toBe('google');
    const [primary, fallback] = replay.server.requests.slice(before);
    expect(primary!.vendor).toBe('anthropic');
    expect(fallback!.vendor).toBe('google');
    expectAnthropicBody(primary!.body as Json);
    const body = fallback!.body as Json;
    expectGoogleBody(body);
    // Gemini's own call signature from step 3 goes back on its own call.
    const text = JSON.stringify(body);
    expect(signatures.google.length).toBeGreaterThanOrEqual(1);
    for (const signature of signatures.google) expect(text).toContain(signature);
  });

  it("never sends Gemini's signed thoughts to Anthropic as thinking, and sends them back to Gemini", async () => {
    const messages: Message[] = [{ role: 'user', content: 'Shortest route between the yards?' }];
    const answer = await complete({ messages }, model('google', 'thought-signature'), { maxRetries: 0 });
    const signature = answer.reasoningParts?.find((part) => part.signature !== undefined)?.signature;
    expect(signature).toBeDefined();
    messages.push(answer, { role: 'user', content: 'And the way back?' });
    const before = replay.server.requests.length;
    await complete({ messages }, model('anthropic', 'text-basic'), { maxRetries: 0 });
    await complete({ messages }, model('google', 'text-basic'), { maxRetries: 0 });
    const [toAnthropic, toGoogle] = replay.server.requests.slice(before).map((sent) => sent.body as Json);
    const anthropicText = JSON.stringify(toAnthropic);
    expect(anthropicText).not.toContain(signature);
    expect(anthropicText).not.toContain('"type":"thinking"');
    expect(JSON.stringify(toGoogle)).toContain(`"thoughtSignature":"${signature}"`);
  });
});
