import {
  type ChatChunk,
  type ChatCompletionRequest,
  isLLMError,
  LLMError,
  type RunToolsError,
  runTools,
  sumUsage,
  type ToolResult,
  tool,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { deltaChunk, finish, reasoning, tools, usage } from './helpers.js';

interface Call {
  id: string;
  name: string;
  args: string;
  signature?: string;
}

/** A step that calls `calls` (in parallel), with optional usage. */
function callStep(calls: Call[], tokens?: { input: number; output: number }): ChatChunk[] {
  const chunks: ChatChunk[] = calls.map((call, index) =>
    tools({
      index,
      id: call.id,
      name: call.name,
      arguments: call.args,
      ...(call.signature === undefined ? {} : { signature: call.signature }),
    }),
  );
  chunks.push(finish('tool_calls'));
  if (tokens !== undefined) chunks.push(usage({ inputTokens: tokens.input, outputTokens: tokens.output }));
  return chunks;
}

const weatherRequest = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  messages: [{ role: 'user', content: 'Weather in Paris and Oslo?' }],
  tools: [
    {
      name: 'weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      execute: async (input: unknown) => {
        const city = (input as { city: string }).city;
        // Paris answers after Oslo: results must still be appended in call order.
        await new Promise((resolve) => setTimeout(resolve, city === 'Paris' ? 20 : 1));
        return { city, celsius: city === 'Paris' ? 18 : 4 };
      },
    },
  ],
  ...extra,
});

describe('runTools', () => {
  it('runs parallel calls and appends the assistant message and results in call order', async () => {
    const model = createScriptedModel({
      attempts: [
        {
          chunks: callStep([
            { id: 'c1', name: 'weather', args: '{"city":"Paris"}' },
            { id: 'c2', name: 'weather', args: '{"city":"Oslo"}' },
          ]),
        },
        { chunks: textChunks('Paris 18, Oslo 4.') },
      ],
    });
    const completed: string[] = [];
    const result = await runTools(weatherRequest(), { onToolResult: (r) => completed.push(r.toolCallId) }, model);
    expect(result.message.content).toBe('Paris 18, Oslo 4.');
    expect(completed).toEqual(['c2', 'c1']);
    expect(result.messages.map((m) => (m.role === 'tool' ? `tool:${m.toolCallId}` : m.role))).toEqual([
      'user',
      'assistant',
      'tool:c1',
      'tool:c2',
      'assistant',
    ]);
    expect(result.messages[2]).toEqual({
      role: 'tool',
      toolCallId: 'c1',
      name: 'weather',
      content: '{"city":"Paris","celsius":18}',
    });
    // The second request carries the first step's message and both results.
    expect(model.requests[1]!.messages).toEqual(result.messages.slice(0, 4));
    expect(result.steps.map((s) => s.step)).toEqual([1, 2]);
    expect(result.pendingToolCalls).toEqual([]);
  });

  it('sends reasoning blocks and call signatures back exactly as received', async () => {
    const model = createScriptedModel({
      provider: 'anthropic',
      attempts: [
        {
          chunks: [
            reasoning('Need the weather.'),
            deltaChunk({ reasoningSignature: 'sig-1' }),
            deltaChunk({ redactedReasoning: 'opaque' }),
            ...callStep([{ id: 'c1', name: 'weather', args: '{"city":"Oslo"}', signature: 'call-sig' }]),
          ],
        },
        { chunks: textChunks('4 degrees.') },
      ],
    });
    const result = await runTools(weatherRequest(), {}, model);
    const sent = model.requests[1]!.messages[1]!;
    expect(sent).toBe(result.steps[0]!.message);
    expect(sent).toMatchObject({
      role: 'assistant',
      reasoningParts: [
        { text: 'Need the weather.', signature: 'sig-1' },
        { text: '', redacted: 'opaque' },
      ],
      toolCalls: [{ id: 'c1', name: 'weather', signature: 'call-sig', input: { city: 'Oslo' } }],
    });
  });

  it('turns an unknown tool, bad JSON, invalid input and a throwing tool into error results the model sees', async () => {
    const model = createScriptedModel({
      attempts: [
        {
          chunks: callStep([
            { id: 'a', name: 'nope', args: '{}' },
            { id: 'b', name: 'weather', args: '{"city":' },
            { id: 'c', name: 'strict', args: '{"n":"x"}' },
            { id: 'd', name: 'boom', args: '{}' },
          ]),
        },
        { chunks: textChunks('Sorry.') },
      ],
    });
    const request = weatherRequest();
    request.tools!.push(tool({ name: 'strict', parameters: z.object({ n: z.number() }), execute: ({ n }) => n * 2 }), {
      name: 'boom',
      parameters: { type: 'object' },
      execute: () => {
        throw new Error('disk full');
      },
    });
    const result = await runTools(request, {}, model);
    const errors = result.steps[0]!.toolResults;
    expect(errors.every((r) => r.isError === true)).toBe(true);
    expect(errors[0]!.content).toBe('Unknown tool "nope". Available tools: weather, strict, boom.');
    expect(errors[1]!.content).toMatch(/^The arguments of "weather" are not valid JSON/);
    expect(errors[2]!.content).toMatch(/^The arguments of "strict" are invalid: n: /);
    expect(errors[3]!.content).toBe('disk full');
    expect(model.requests[1]!.messages.filter((m) => m.role === 'tool').every((m) => m.isError === true)).toBe(true);
  });

  it("with toolErrors: 'throw' rejects with the conversation so far", async () => {
    const model = createScriptedModel({
      chunks: callStep([{ id: 'a', name: 'nope', args: '{}' }]),
    });
    const failure = (await runTools(weatherRequest(), {}, model, { toolErrors: 'throw' }).catch(
      (e: unknown) => e,
    )) as RunToolsError;
    expect(isLLMError(failure)).toBe(true);
    expect(failure.code).toBe('invalid_output');
    expect(failure.messages?.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('gives execute the validated, typed input of a Standard Schema', async () => {
    const seen: unknown[] = [];
    const model = createScriptedModel({
      attempts: [
        { chunks: callStep([{ id: 'a', name: 'add', args: '{"a":"2","b":3}' }]) },
        { chunks: textChunks('5') },
      ],
    });
    const add = tool({
      name: 'add',
      parameters: z.object({ a: z.coerce.number(), b: z.number() }),
      execute: (input) => {
        seen.push(input);
        const sum: number = input.a + input.b;
        return sum;
      },
    });
    const result = await runTools({ messages: [{ role: 'user', content: '2+3' }], tools: [add] }, {}, model);
    expect(seen).toEqual([{ a: 2, b: 3 }]);
    expect(result.steps[0]!.toolResults[0]).toMatchObject({ output: 5, content: '5' });
  });

  it('ends at a tool without execute and hands back the pending calls (human in the loop)', async () => {
    const model = createScriptedModel({
      chunks: callStep([
        { id: 'a', name: 'weather', args: '{"city":"Oslo"}' },
        { id: 'b', name: 'approve', args: '{"amount":5}' },
      ]),
    });
    const request = weatherRequest();
    request.tools!.push({ name: 'approve', parameters: { type: 'object' } });
    const result = await runTools(request, {}, model);
    expect(model.requests).toHaveLength(1);
    expect(result.pendingToolCalls.map((c) => c.id)).toEqual(['b']);
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('stops at maxSteps (running the last step’s tools) and when stopWhen says so', async () => {
    const looping = () =>
      createScriptedModel({ chunks: callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }]) });
    const capped = await runTools(weatherRequest(), {}, looping(), { maxSteps: 3 });
    expect(capped.steps).toHaveLength(3);
    expect(capped.messages.at(-1)!.role).toBe('tool');
    const stopped = await runTools(weatherRequest(), {}, looping(), { stopWhen: (step) => step.step === 2 });
    expect(stopped.steps).toHaveLength(2);
  });

  it('sums usage across steps and keeps each step’s own', async () => {
    const model = createScriptedModel({
      attempts: [
        { chunks: callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }], { input: 10, output: 5 }) },
        { chunks: [...textChunks('ok'), usage({ inputTokens: 30, outputTokens: 2, reasoningTokens: 1 })] },
      ],
    });
    const result = await runTools(weatherRequest(), {}, model);
    expect(result.steps.map((s) => s.usage?.inputTokens)).toEqual([10, 30]);
    expect(result.usage).toEqual({ inputTokens: 40, outputTokens: 7, reasoningTokens: 1 });
    expect(sumUsage([])).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('runs at most toolConcurrency calls at once', async () => {
    let running = 0;
    let most = 0;
    const model = createScriptedModel({
      attempts: [
        { chunks: callStep(['1', '2', '3', '4'].map((id) => ({ id, name: 'slow', args: '{}' }))) },
        { chunks: textChunks('done') },
      ],
    });
    const slow = {
      name: 'slow',
      parameters: { type: 'object' },
      execute: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return 'ok';
      },
    };
    await runTools({ messages: [{ role: 'user', content: 'go' }], tools: [slow] }, {}, model, { toolConcurrency: 2 });
    expect(most).toBe(2);
  });

  it('an abort stops the running tools (their signal) and rejects with the conversation', async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const model = createScriptedModel({ chunks: callStep([{ id: 'a', name: 'hang', args: '{}' }]) });
    const hang = {
      name: 'hang',
      parameters: { type: 'object' },
      // Ignores its signal on purpose: the run must still end at the abort.
      execute: (_input: unknown, context: { signal: AbortSignal }) => {
        toolSignal = context.signal;
        setTimeout(() => controller.abort(), 5);
        return new Promise(() => {});
      },
    };
    const errors: string[] = [];
    const failure = (await runTools(
      { messages: [{ role: 'user', content: 'go' }], tools: [hang] },
      { onError: (error) => errors.push(error.code) },
      model,
      { signal: controller.signal },
    ).catch((e: unknown) => e)) as RunToolsError;
    expect(failure.code).toBe('aborted');
    expect(toolSignal?.aborted).toBe(true);
    expect(errors).toEqual(['aborted']);
    expect(failure.messages?.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('calls onStart and onComplete once, onStepFinish per step, and streams every step', async () => {
    const model = createScriptedModel({
      attempts: [
        {
          chunks: [
            deltaChunk({ content: 'Let me check. ' }),
            ...callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }]),
          ],
        },
        { chunks: textChunks('4 degrees.', { size: 100 }) },
      ],
    });
    const log: string[] = [];
    await runTools(
      weatherRequest(),
      {
        onStart: () => log.push('start'),
        onToken: (t) => log.push(`token:${t}`),
        onToolCall: (c) => log.push(`call:${c.id}`),
        onToolResult: (r: ToolResult) => log.push(`result:${r.toolCallId}`),
        onStepFinish: (s) => log.push(`step:${s.step}`),
        onComplete: (m) => log.push(`complete:${m.content}`),
      },
      model,
    );
    expect(log).toEqual([
      'start',
      'token:Let me check. ',
      'call:a',
      'result:a',
      'step:1',
      'token:4 degrees.',
      'step:2',
      'complete:4 degrees.',
    ]);
  });

  it('types message.object from a Standard Schema response format', async () => {
    const model = createScriptedModel({ chunks: textChunks('{"n":1}') });
    const result = await runTools(
      {
        messages: [{ role: 'user', content: 'n?' }],
        responseFormat: { type: 'json_schema', schema: z.object({ n: z.number() }) },
      },
      {},
      model,
    );
    expectTypeOf(result.message.object).toEqualTypeOf<{ n: number } | undefined>();
    expect(result.message.object).toEqual({ n: 1 });
  });

  it('moves history across vendors between steps: a fallback gets no other vendor’s signatures', async () => {
    const primary = createScriptedModel({
      provider: 'anthropic',
      attempts: [
        {
          chunks: [
            reasoning('Need the weather.'),
            deltaChunk({ reasoningSignature: 'sig-anthropic' }),
            ...callStep([{ id: 'toolu_1', name: 'weather', args: '{"city":"Oslo"}' }]),
          ],
        },
        { error: new LLMError('overloaded', { code: 'overloaded', provider: 'anthropic' }) },
      ],
    });
    const fallback = createScriptedModel({ provider: 'openai', chunks: textChunks('4 degrees.') });
    const result = await runTools(weatherRequest(), {}, primary, { fallbacks: [fallback], maxRetries: 0 });
    expect(result.message.content).toBe('4 degrees.');
    const sent = fallback.requests[0]!.messages[1]!;
    expect(sent.role).toBe('assistant');
    expect(JSON.stringify(sent)).not.toContain('sig-anthropic');
    expect(sent.role === 'assistant' && sent.toolCalls?.[0]?.id).toBe('toolu_1');
  });

  it('reports each step to hooks under one callId, tagged with its step', async () => {
    const model = createScriptedModel({
      attempts: [
        { chunks: callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }]) },
        { chunks: textChunks('4 degrees.') },
      ],
    });
    const seen: Array<[number, number | undefined]> = [];
    await runTools(weatherRequest(), {}, model, {
      hooks: { onRequest: (info) => seen.push([info.callId, info.step]) },
    });
    expect(seen.map(([, step]) => step)).toEqual([1, 2]);
    expect(new Set(seen.map(([callId]) => callId)).size).toBe(1);
  });

  it('an abort mid-step closes the stream and rejects with the complete steps so far', async () => {
    const controller = new AbortController();
    const model = createScriptedModel({
      delayMs: 2,
      attempts: [
        { chunks: callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }]) },
        { chunks: textChunks('a long answer that never ends', { size: 1 }) },
      ],
    });
    const failure = (await runTools(weatherRequest(), { onToken: () => controller.abort() }, model, {
      signal: controller.signal,
    }).catch((e: unknown) => e)) as RunToolsError;
    expect(failure.code).toBe('aborted');
    expect(failure.steps).toHaveLength(1);
    expect(failure.messages?.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(failure.partial?.content).toBe('a');
    expect(model.closedEarly).toBe(1);
  });

  it('streams partial objects of the final step', async () => {
    const model = createScriptedModel({
      attempts: [
        { chunks: callStep([{ id: 'a', name: 'weather', args: '{"city":"Oslo"}' }]) },
        { chunks: textChunks('{"celsius": 4}', { size: 3 }) },
      ],
    });
    const partials: unknown[] = [];
    const result = await runTools(
      { ...weatherRequest(), responseFormat: { type: 'json' } },
      { onPartialObject: (p) => partials.push(structuredClone(p)) },
      model,
    );
    expect(partials).toEqual([{}, { celsius: 4 }]);
    expect(result.message.object).toEqual({ celsius: 4 });
  });
});
