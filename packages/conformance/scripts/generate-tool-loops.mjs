// Writes the tool-loop conversations (multi-step scenarios, see src/multi-step.ts): for each
// vendor, in its documented streaming wire format,
//   tool-loop-parallel: reasoning (signed where the API signs it) and two parallel
//     get_weather calls, then the answer (2 steps);
//   tool-loop-repair: a call whose arguments fail validation, the repaired call, then an
//     answer cut at the token limit (3 steps).
// Each later step asserts what the adapter must send back: the assistant turn with its
// signatures and calls, and the tool results in call order (errors flagged as the API wants).
// Run: node packages/conformance/scripts/generate-tool-loops.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'recordings');
const PROMPT_PARALLEL = 'What is the weather in Paris and in Oslo?';
const PROMPT_REPAIR = 'How warm is it in Paris?';
// What the conformance suite's get_weather returns (run-tool-loop.ts), as the model reads it.
const PARIS = '{"city":"Paris","celsius":18}';
const OSLO = '{"city":"Oslo","celsius":4}';
const INVALID =
  'The arguments of "get_weather" are invalid: city: expected a string. Call the tool again with corrected arguments.';

function write(vendor, name, scenario, bodies) {
  const folder = join(root, vendor, name);
  mkdirSync(folder, { recursive: true });
  for (const [i, body] of bodies.entries()) writeFileSync(join(folder, `${i + 1}.sse`), body);
  writeFileSync(join(folder, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);
}

const parallelExpected = (answer, finish, usage) => ({
  steps: [
    {
      finishReason: 'tool_calls',
      toolResults: [
        { name: 'get_weather', content: PARIS },
        { name: 'get_weather', content: OSLO },
      ],
    },
    { finishReason: finish, content: answer, toolResults: [] },
  ],
  usage,
});
const repairExpected = (answer, usage) => ({
  steps: [
    { finishReason: 'tool_calls', toolResults: [{ name: 'get_weather', content: INVALID, isError: true }] },
    { finishReason: 'tool_calls', toolResults: [{ name: 'get_weather', content: PARIS }] },
    { finishReason: 'length', content: answer, toolResults: [] },
  ],
  usage,
});

// --- OpenAI Chat Completions -----------------------------------------------------------
// Chunks `chat.completion.chunk`; tool calls stream as `delta.tool_calls[{ index, id?, function }]`;
// the usage chunk (stream_options.include_usage) comes last with `choices: []`, then `[DONE]`.
{
  const stream = (id, deltas, finish, usage) => {
    const base = {
      id,
      object: 'chat.completion.chunk',
      created: 1764610000,
      model: 'gpt-5.4-mini-2026-03-17',
      service_tier: 'default',
      system_fingerprint: 'fp_cbf1785567',
    };
    const chunk = (delta, reason = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
      usage: null,
    });
    const events = [
      chunk({ role: 'assistant', content: null, refusal: null, annotations: [] }),
      ...deltas.map((d) => chunk(d)),
      chunk({}, finish),
    ];
    events.push({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage[0],
        completion_tokens: usage[1],
        total_tokens: usage[0] + usage[1],
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
    return `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
  };
  const call = (index, id, fragments) => [
    { tool_calls: [{ index, id, type: 'function', function: { name: 'get_weather', arguments: '' } }] },
    ...fragments.map((a) => ({ tool_calls: [{ index, function: { arguments: a } }] })),
  ];
  const text = (...pieces) => pieces.map((content) => ({ content }));

  const c1 = 'call_Tl8pA1rIsW3aThEr0q7Xz2Kd';
  const c2 = 'call_Tl8oS1oW3aThEr0q7Xz2KdPm';
  write(
    'openai',
    'tool-loop-parallel',
    {
      description:
        'Two parallel get_weather calls, then the answer; step 2 must carry the calls and both results in call order.',
      prompt: PROMPT_PARALLEL,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'messages.1.role': 'assistant',
            'messages.1.tool_calls.0.id': c1,
            'messages.1.tool_calls.1.id': c2,
            'messages.2.role': 'tool',
            'messages.2.tool_call_id': c1,
            'messages.2.content': PARIS,
            'messages.3.tool_call_id': c2,
            'messages.3.content': OSLO,
          },
        },
      ],
      expected: parallelExpected('Paris has 18 °C, Oslo 4 °C.', 'stop', {
        inputTokens: 190,
        outputTokens: 54,
        totalTokens: 244,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      }),
    },
    [
      stream(
        'chatcmpl-CTl1Par1sOsl0Step1xQ8Zb',
        [...call(0, c1, ['{"ci', 'ty": "Pa', 'ris"}']), ...call(1, c2, ['{"city"', ': "Oslo"}'])],
        'tool_calls',
        [80, 40],
      ),
      stream('chatcmpl-CTl1Par1sOsl0Step2xQ8Zb', text('Paris has', ' 18 °C,', ' Oslo 4 °C.'), 'stop', [110, 14]),
    ],
  );

  const r1 = 'call_Rp4aIrWeAtHeR1bAdArGs9Q';
  const r2 = 'call_Rp4aIrWeAtHeR2fIxEd7Kw';
  write(
    'openai',
    'tool-loop-repair',
    {
      description:
        'A call with a wrong argument name gets an error result, the model repairs it, and the answer is cut at the token limit.',
      prompt: PROMPT_REPAIR,
      steps: [
        { response: '1.sse' },
        { response: '2.sse', expect: { 'messages.2.tool_call_id': r1, 'messages.2.content': INVALID } },
        {
          response: '3.sse',
          expect: { 'messages.3.tool_calls.0.id': r2, 'messages.4.tool_call_id': r2, 'messages.4.content': PARIS },
        },
      ],
      expected: repairExpected('It is 18 °C in Paris, a mild', {
        inputTokens: 300,
        outputTokens: 36,
        totalTokens: 336,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      }),
    },
    [
      stream('chatcmpl-CRep4irStep1bAdArGsQ8Zb', call(0, r1, ['{"town": "Paris"}']), 'tool_calls', [70, 12]),
      stream('chatcmpl-CRep4irStep2fIxEdQ8Zb', call(0, r2, ['{"city": ', '"Paris"}']), 'tool_calls', [100, 12]),
      stream('chatcmpl-CRep4irStep3LeNgThQ8Zb', text('It is 18 °C', ' in Paris,', ' a mild'), 'length', [130, 12]),
    ],
  );
}

// --- Anthropic Messages ------------------------------------------------------------------
// Named events; thinking blocks close with a signature_delta; tool_use input streams as
// input_json_delta; message_delta carries stop_reason and usage; message_stop ends it.
{
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const delta = (index, d) => ev('content_block_delta', { index, delta: d });
  const start = (id, input) =>
    ev('message_start', {
      message: {
        model: 'claude-sonnet-5-5',
        id,
        type: 'message',
        role: 'assistant',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: input,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 3,
          service_tier: 'standard',
        },
      },
    });
  const end = (reason, input, output) =>
    ev('message_delta', {
      delta: { stop_reason: reason, stop_sequence: null },
      usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output },
    }) + ev('message_stop', {});
  const thinking = (index, texts, signature) =>
    ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }) +
    texts.map((t) => delta(index, { type: 'thinking_delta', thinking: t })).join('') +
    delta(index, { type: 'signature_delta', signature }) +
    ev('content_block_stop', { index });
  const tool = (index, id, parts) =>
    ev('content_block_start', { index, content_block: { type: 'tool_use', id, name: 'get_weather', input: {} } }) +
    parts.map((partial_json) => delta(index, { type: 'input_json_delta', partial_json })).join('') +
    ev('content_block_stop', { index });
  const text = (index, parts) =>
    ev('content_block_start', { index, content_block: { type: 'text', text: '' } }) +
    parts.map((t) => delta(index, { type: 'text_delta', text: t })).join('') +
    ev('content_block_stop', { index });

  const sig =
    'EqMCCkYIBxgCKkToolLoopParallelParisOslo0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0EgxToolLoopParisOsloGgwZ2V0X3dlYXRoZXIiMAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/GAE=';
  const t1 = 'toolu_01TlPar1sW3aThEr8Kq2Vb4N';
  const t2 = 'toolu_01TlOsl0W3aThEr8Kq2Vb4Nx';
  write(
    'anthropic',
    'tool-loop-parallel',
    {
      description:
        'Signed thinking and two parallel tool_use blocks, then the answer; step 2 must send the thinking block back with its signature and both tool_result blocks in call order.',
      prompt: PROMPT_PARALLEL,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'messages.1.role': 'assistant',
            'messages.1.content.0.type': 'thinking',
            'messages.1.content.0.signature': sig,
            'messages.1.content.1.id': t1,
            'messages.1.content.2.id': t2,
            'messages.2.role': 'user',
            'messages.2.content.0.tool_use_id': t1,
            'messages.2.content.0.content': PARIS,
            'messages.2.content.1.tool_use_id': t2,
            'messages.2.content.1.content': OSLO,
          },
        },
      ],
      expected: parallelExpected('Paris has 18 °C, Oslo 4 °C.', 'stop', {
        inputTokens: 1090,
        outputTokens: 131,
        totalTokens: 1221,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
      }),
    },
    [
      start('msg_01TlParallelStep1Q8ZbXw', 520) +
        thinking(0, ['Two cities:', ' I can look both up at once.'], sig) +
        tool(1, t1, ['', '{"city": "Pa', 'ris"}']) +
        tool(2, t2, ['{"city"', ': "Oslo"}']) +
        end('tool_use', 520, 112),
      start('msg_01TlParallelStep2Q8ZbXw', 570) +
        text(0, ['Paris has', ' 18 °C,', ' Oslo 4 °C.']) +
        end('end_turn', 570, 19),
    ],
  );

  const sig1 =
    'EqMCCkYIBxgCKkToolLoopRepairStepOne0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0EgxRepairOneGgwZ2V0X3dlYXRoZXIiMAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/GAE=';
  const r1 = 'toolu_01RepBadArgsW3aThEr5Kq2V';
  const r2 = 'toolu_01RepFixedW3aThEr5Kq2Vb4';
  write(
    'anthropic',
    'tool-loop-repair',
    {
      description:
        'A tool_use with a wrong argument name gets an is_error tool_result, the model repairs it, and the answer stops at max_tokens.',
      prompt: PROMPT_REPAIR,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'messages.1.content.0.signature': sig1,
            'messages.2.content.0.tool_use_id': r1,
            'messages.2.content.0.is_error': true,
            'messages.2.content.0.content': INVALID,
          },
        },
        {
          response: '3.sse',
          expect: {
            'messages.3.content.0.id': r2,
            'messages.4.content.0.tool_use_id': r2,
            'messages.4.content.0.content': PARIS,
          },
        },
      ],
      expected: repairExpected('It is 18 °C in Paris, a mild', {
        inputTokens: 1470,
        outputTokens: 92,
        totalTokens: 1562,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
      }),
    },
    [
      start('msg_01RepairStep1Q8ZbXwVc', 480) +
        thinking(0, ['I need the weather for Paris.'], sig1) +
        tool(1, r1, ['{"town": "Paris"}']) +
        end('tool_use', 480, 60),
      start('msg_01RepairStep2Q8ZbXwVc', 490) + tool(0, r2, ['{"city": ', '"Paris"}']) + end('tool_use', 490, 20),
      start('msg_01RepairStep3Q8ZbXwVc', 500) +
        text(0, ['It is 18 °C', ' in Paris,', ' a mild']) +
        end('max_tokens', 500, 12),
    ],
  );
}

// --- Gemini streamGenerateContent?alt=sse ------------------------------------------------
// CRLF framing; thought summaries are parts with `thought: true`; the first functionCall of a
// turn carries the thoughtSignature; finishReason STOP ends a turn with calls, MAX_TOKENS a cut one.
{
  const meta = (id) => ({ modelVersion: 'gemini-2.5-flash', responseId: id });
  const usage = (prompt, out, thoughts) => ({
    promptTokenCount: prompt,
    ...(out === undefined ? {} : { candidatesTokenCount: out }),
    ...(thoughts === undefined ? {} : { thoughtsTokenCount: thoughts }),
    totalTokenCount: prompt + (out ?? 0) + (thoughts ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  });
  const event = (parts, id, use, finish) => ({
    candidates: [
      { content: { parts, role: 'model' }, ...(finish === undefined ? {} : { finishReason: finish }), index: 0 },
    ],
    usageMetadata: use,
    ...meta(id),
  });
  const body = (events) => events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('');

  const sig = 'CiQB0e2Kb3ToolLoopParallelThoughtSignatureParisOslo0123456789abcdefghijklmnopqrstuvwxyzAB==';
  const thought = '**Two cities**\n\nI will call get_weather for Paris and Oslo together.';
  write(
    'google',
    'tool-loop-parallel',
    {
      description:
        'A thought and two functionCall parts (the first signed), then the answer; step 2 must send the signature back on the first call and both functionResponse parts in call order.',
      prompt: PROMPT_PARALLEL,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'contents.1.role': 'model',
            'contents.1.parts.0.functionCall.args': { city: 'Paris' },
            'contents.1.parts.0.thoughtSignature': sig,
            'contents.1.parts.1.functionCall.args': { city: 'Oslo' },
            'contents.2.role': 'user',
            'contents.2.parts.0.functionResponse.name': 'get_weather',
            'contents.2.parts.0.functionResponse.response': { output: PARIS },
            'contents.2.parts.1.functionResponse.response': { output: OSLO },
          },
        },
      ],
      expected: parallelExpected('Paris has 18 °C, Oslo 4 °C.', 'stop', {
        inputTokens: 150,
        outputTokens: 82,
        totalTokens: 232,
        reasoningTokens: 44,
      }),
    },
    [
      body([
        event([{ text: thought, thought: true }], 'TlPaRaLlElStEp1Xq8ZbWv', usage(50)),
        event(
          [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: sig },
            { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
          ],
          'TlPaRaLlElStEp1Xq8ZbWv',
          usage(50, 20, 44),
          'STOP',
        ),
      ]),
      body([
        event([{ text: 'Paris has' }], 'TlPaRaLlElStEp2Xq8ZbWv', usage(100)),
        event([{ text: ' 18 °C, Oslo 4 °C.' }], 'TlPaRaLlElStEp2Xq8ZbWv', usage(100, 18), 'STOP'),
      ]),
    ],
  );

  const sig1 = 'CiQB0e2Kb3ToolLoopRepairStepOneThoughtSignature0123456789abcdefghijklmnopqrstuvwxyzABCDEF==';
  const sig2 = 'CiQB0e2Kb3ToolLoopRepairStepTwoThoughtSignature0123456789abcdefghijklmnopqrstuvwxyzABCDEF==';
  write(
    'google',
    'tool-loop-repair',
    {
      description:
        'A functionCall with a wrong argument name gets a functionResponse error, the model repairs it, and the answer stops at MAX_TOKENS.',
      prompt: PROMPT_REPAIR,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'contents.1.parts.0.thoughtSignature': sig1,
            'contents.2.parts.0.functionResponse.response': { error: INVALID },
          },
        },
        {
          response: '3.sse',
          expect: {
            'contents.3.parts.0.thoughtSignature': sig2,
            'contents.4.parts.0.functionResponse.response': { output: PARIS },
          },
        },
      ],
      expected: repairExpected('It is 18 °C in Paris, a mild', {
        inputTokens: 240,
        outputTokens: 60,
        totalTokens: 300,
        reasoningTokens: 30,
      }),
    },
    [
      body([
        event(
          [{ functionCall: { name: 'get_weather', args: { town: 'Paris' } }, thoughtSignature: sig1 }],
          'RePaIrStEp1Xq8ZbWvTl00',
          usage(60, 10, 30),
          'STOP',
        ),
      ]),
      body([
        event(
          [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: sig2 }],
          'RePaIrStEp2Xq8ZbWvTl00',
          usage(80, 10),
          'STOP',
        ),
      ]),
      body([
        event([{ text: 'It is 18 °C' }], 'RePaIrStEp3Xq8ZbWvTl00', usage(100)),
        event([{ text: ' in Paris, a mild' }], 'RePaIrStEp3Xq8ZbWvTl00', usage(100, 10), 'MAX_TOKENS'),
      ]),
    ],
  );
}

// --- OpenAI Responses --------------------------------------------------------------------
// Named `response.*` events with sequence numbers; output items (reasoning with
// encrypted_content, function_call with arguments deltas, message with output_text deltas);
// `response.completed`, or `response.incomplete` (max_output_tokens) for a cut answer.
{
  const model = 'gpt-5.4-mini-2026-03-17';
  const stream = (id, items, status, usage) => {
    let seq = 0;
    const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
    const response = (state, output, use) => ({
      id,
      object: 'response',
      created_at: 1764630000,
      status: state,
      background: false,
      error: null,
      incomplete_details: state === 'incomplete' ? { reason: 'max_output_tokens' } : null,
      instructions: null,
      max_output_tokens: 256,
      max_tool_calls: null,
      model,
      output,
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: { effort: 'low', summary: null },
      safety_identifier: null,
      service_tier: 'auto',
      store: false,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      usage: use,
      user: null,
      metadata: {},
    });
    let body = ev('response.created', { response: response('in_progress', [], null) });
    body += ev('response.in_progress', { response: response('in_progress', [], null) });
    const done = [];
    items.forEach((item, output_index) => {
      if (item.type === 'reasoning') {
        const whole = { id: item.id, type: 'reasoning', summary: [], encrypted_content: item.encrypted };
        body += ev('response.output_item.added', {
          output_index,
          item: { id: item.id, type: 'reasoning', summary: [] },
        });
        body += ev('response.output_item.done', { output_index, item: whole });
        done.push(whole);
      } else if (item.type === 'function_call') {
        const args = item.fragments.join('');
        body += ev('response.output_item.added', {
          output_index,
          item: {
            id: item.id,
            type: 'function_call',
            status: 'in_progress',
            arguments: '',
            call_id: item.callId,
            name: 'get_weather',
          },
        });
        for (const delta of item.fragments)
          body += ev('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
        body += ev('response.function_call_arguments.done', { item_id: item.id, output_index, arguments: args });
        const whole = {
          id: item.id,
          type: 'function_call',
          status: 'completed',
          arguments: args,
          call_id: item.callId,
          name: 'get_weather',
        };
        body += ev('response.output_item.done', { output_index, item: whole });
        done.push(whole);
      } else {
        const text = item.pieces.join('');
        const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
        body += ev('response.output_item.added', {
          output_index,
          item: { id: item.id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
        });
        body += ev('response.content_part.added', {
          item_id: item.id,
          output_index,
          content_index: 0,
          part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
        });
        for (const delta of item.pieces)
          body += ev('response.output_text.delta', {
            item_id: item.id,
            output_index,
            content_index: 0,
            delta,
            logprobs: [],
          });
        body += ev('response.output_text.done', {
          item_id: item.id,
          output_index,
          content_index: 0,
          text,
          logprobs: [],
        });
        const part = { type: 'output_text', annotations: [], logprobs: [], text };
        body += ev('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part });
        const whole = { id: item.id, type: 'message', status: itemStatus, content: [part], role: 'assistant' };
        body += ev('response.output_item.done', { output_index, item: whole });
        done.push(whole);
      }
    });
    const use = {
      input_tokens: usage[0],
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage[1],
      output_tokens_details: { reasoning_tokens: usage[2] },
      total_tokens: usage[0] + usage[1],
    };
    body += ev(status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
      response: response(status, done, use),
    });
    return body;
  };
  const enc =
    'gAAAAABpToolLoopParallelEncryptedReasoning0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0E1F2G3H4==';
  const rs = 'rs_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f';
  const f1 = 'fc_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e01';
  const f2 = 'fc_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e02';
  const c1 = 'call_RsTl8pA1rIsW3aThEr0q7Xz2';
  const c2 = 'call_RsTl8oS1oW3aThEr0q7Xz2Kd';
  write(
    'openai-responses',
    'tool-loop-parallel',
    {
      description:
        'Encrypted reasoning and two parallel function_call items, then the answer; step 2 must send the reasoning item back with its encrypted_content, both calls with their item ids, and both outputs in call order.',
      prompt: PROMPT_PARALLEL,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'input.1.type': 'reasoning',
            'input.1.id': rs,
            'input.1.encrypted_content': enc,
            'input.2.type': 'function_call',
            'input.2.id': f1,
            'input.2.call_id': c1,
            'input.3.call_id': c2,
            'input.4.type': 'function_call_output',
            'input.4.call_id': c1,
            'input.4.output': PARIS,
            'input.5.call_id': c2,
            'input.5.output': OSLO,
          },
        },
      ],
      expected: parallelExpected('Paris has 18 °C, Oslo 4 °C.', 'stop', {
        inputTokens: 190,
        outputTokens: 94,
        totalTokens: 284,
        cachedInputTokens: 0,
        reasoningTokens: 40,
      }),
    },
    [
      stream(
        'resp_0TlPaRaLlElStEp1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
        [
          { type: 'reasoning', id: rs, encrypted: enc },
          { type: 'function_call', id: f1, callId: c1, fragments: ['{"ci', 'ty":"Pa', 'ris"}'] },
          { type: 'function_call', id: f2, callId: c2, fragments: ['{"city"', ':"Oslo"}'] },
        ],
        'completed',
        [80, 80, 40],
      ),
      stream(
        'resp_0TlPaRaLlElStEp2a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
        [
          {
            type: 'message',
            id: 'msg_0TlPaRaLlElStEp2a1b2c3d4e5f6a7b8c9d0e1f2a3b4c',
            pieces: ['Paris has', ' 18 °C,', ' Oslo 4 °C.'],
          },
        ],
        'completed',
        [110, 14, 0],
      ),
    ],
  );

  const r1 = 'call_RsRp4aIrWeAtHeR1bAdArGs9';
  const r2 = 'call_RsRp4aIrWeAtHeR2fIxEd7Kw';
  write(
    'openai-responses',
    'tool-loop-repair',
    {
      description:
        'A function_call with a wrong argument name gets an error output, the model repairs it, and the answer is cut at max_output_tokens (response.incomplete).',
      prompt: PROMPT_REPAIR,
      steps: [
        { response: '1.sse' },
        {
          response: '2.sse',
          expect: {
            'input.1.call_id': r1,
            'input.2.type': 'function_call_output',
            'input.2.call_id': r1,
            'input.2.output': INVALID,
          },
        },
        { response: '3.sse', expect: { 'input.3.call_id': r2, 'input.4.call_id': r2, 'input.4.output': PARIS } },
      ],
      expected: repairExpected('It is 18 °C in Paris, a mild', {
        inputTokens: 300,
        outputTokens: 36,
        totalTokens: 336,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      }),
    },
    [
      stream(
        'resp_0RePaIrStEp1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7',
        [
          {
            type: 'function_call',
            id: 'fc_0RePaIrStEp1a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e',
            callId: r1,
            fragments: ['{"town":"Paris"}'],
          },
        ],
        'completed',
        [70, 12, 0],
      ),
      stream(
        'resp_0RePaIrStEp2a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7',
        [
          {
            type: 'function_call',
            id: 'fc_0RePaIrStEp2a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e',
            callId: r2,
            fragments: ['{"city":', '"Paris"}'],
          },
        ],
        'completed',
        [100, 12, 0],
      ),
      stream(
        'resp_0RePaIrStEp3a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7',
        [
          {
            type: 'message',
            id: 'msg_0RePaIrStEp3a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
            pieces: ['It is 18 °C', ' in Paris,', ' a mild'],
          },
        ],
        'incomplete',
        [130, 12, 0],
      ),
    ],
  );
}
