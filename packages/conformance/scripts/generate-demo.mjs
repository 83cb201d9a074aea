// Writes the "demo" recordings: every vendor answering the demo's one question
// ("What's the weather in Paris and in Tokyo right now?", tool get_weather) in its own
// documented wire format, with reasoning where the API streams it, text, two parallel tool
// calls and usage. The replay server plays them for real model names (fallbackScenario).
// Run: node packages/conformance/scripts/generate-demo.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'recordings');
const write = (vendor, body, expected, description) => {
  writeFileSync(join(root, vendor, 'demo.sse'), body);
  writeFileSync(join(root, vendor, 'demo.json'), `${JSON.stringify({ description, expected }, null, 2)}\n`);
};

// OpenAI Chat Completions (gpt-5.4-mini): no reasoning on this API; text, then two calls whose
// arguments arrive in fragments, the finish, and the usage chunk (stream_options.include_usage).
{
  const id = 'chatcmpl-CDemoW3ath3rPar1sT0ky0q8Xz';
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: 1764600000,
    model: 'gpt-5.4-mini-2026-03-17',
    service_tier: 'default',
    system_fingerprint: 'fp_cbf1785567',
  };
  const chunk = (delta, finish = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
  const events = [
    chunk({ role: 'assistant', content: '', refusal: null, annotations: [] }),
    ...["I'll", ' look', ' up', ' both', ' cities', '.'].map((content) => chunk({ content })),
    chunk({
      tool_calls: [
        {
          index: 0,
          id: 'call_pQ4nW8xR2mT6vY1sK9dL3hZa',
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
    }),
    ...['{"ci', 'ty": "Pa', 'ris"}'].map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
    chunk({
      tool_calls: [
        {
          index: 1,
          id: 'call_J7bF2kV5nQ8wE3rT6yU9iO1p',
          type: 'function',
          function: { name: 'get_weather', arguments: '' },
        },
      ],
    }),
    ...['{"ci', 'ty": "To', 'kyo"}'].map((a) => chunk({ tool_calls: [{ index: 1, function: { arguments: a } }] })),
    chunk({}, 'tool_calls'),
    {
      ...base,
      choices: [],
      usage: {
        prompt_tokens: 68,
        completion_tokens: 52,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    },
  ];
  const body = `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
  write(
    'openai',
    body,
    {
      content: "I'll look up both cities.",
      toolCalls: [
        { id: 'call_pQ4nW8xR2mT6vY1sK9dL3hZa', name: 'get_weather', input: { city: 'Paris' } },
        { id: 'call_J7bF2kV5nQ8wE3rT6yU9iO1p', name: 'get_weather', input: { city: 'Tokyo' } },
      ],
      finishReason: 'tool_calls',
      rawFinishReason: 'tool_calls',
      usage: { inputTokens: 68, outputTokens: 52, totalTokens: 120, cachedInputTokens: 0, reasoningTokens: 0 },
    },
    'The demo question on Chat Completions: text, then two parallel get_weather calls in fragments, and usage.',
  );
}

// Anthropic Messages (claude-sonnet-5-5, extended thinking): signed thinking, text, two
// tool_use blocks with input_json_delta fragments, message_delta with stop_reason tool_use.
{
  const thinking = ['The user asks about two cities.', ' I can call get_weather for Paris and for Tokyo in parallel.'];
  const signature =
    'EqQCCkYIBxgCKkDemoSignatureWeatherParisTokyo0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0EgxDemoParisTokyoGgwZ2V0X3dlYXRoZXIiMAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/GAE=';
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const delta = (index, d) => ev('content_block_delta', { index, delta: d });
  let body = ev('message_start', {
    message: {
      model: 'claude-sonnet-5-5',
      id: 'msg_01DemoWeatherParisTokyo7Q',
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 590,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 4,
        service_tier: 'standard',
      },
    },
  });
  body += ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
  for (const text of thinking) body += delta(0, { type: 'thinking_delta', thinking: text });
  body += delta(0, { type: 'signature_delta', signature });
  body += ev('content_block_stop', { index: 0 });
  body += ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } });
  for (const text of ["I'll check", ' both cities', ' at once.']) body += delta(1, { type: 'text_delta', text });
  body += ev('content_block_stop', { index: 1 });
  body += 'event: ping\ndata: {"type": "ping"}\n\n';
  const calls = [
    ['toolu_01Pa8rWx3KqT5vN7mB2cZ4dE', ['', '{"city": "Pa', 'ris"}']],
    ['toolu_01To4kYx9JrS2wL6nC8vF1gH', ['', '{"city"', ': "Tokyo"}']],
  ];
  calls.forEach(([id, parts], i) => {
    const index = 2 + i;
    body += ev('content_block_start', {
      index,
      content_block: { type: 'tool_use', id, name: 'get_weather', input: {} },
    });
    for (const partial_json of parts) body += delta(index, { type: 'input_json_delta', partial_json });
    body += ev('content_block_stop', { index });
  });
  body += ev('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { input_tokens: 590, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 131 },
  });
  body += ev('message_stop', {});
  write(
    'anthropic',
    body,
    {
      content: "I'll check both cities at once.",
      reasoning: thinking.join(''),
      reasoningParts: [{ text: thinking.join(''), signature }],
      toolCalls: [
        { id: calls[0][0], name: 'get_weather', input: { city: 'Paris' } },
        { id: calls[1][0], name: 'get_weather', input: { city: 'Tokyo' } },
      ],
      finishReason: 'tool_calls',
      rawFinishReason: 'tool_use',
      usage: { inputTokens: 590, outputTokens: 131, totalTokens: 721, cachedInputTokens: 0, cacheWriteTokens: 0 },
    },
    'The demo question on Messages with extended thinking: signed thinking, text, two parallel tool_use blocks, usage.',
  );
}

// Gemini streamGenerateContent?alt=sse (gemini-2.5-flash, includeThoughts): CRLF framing,
// a thought summary, text, two functionCall parts (the first with a thoughtSignature) and STOP.
{
  const meta = { modelVersion: 'gemini-2.5-flash', responseId: 'DmWeAtHeRpArIsToKyO0a1b' };
  const prompt = { promptTokenCount: 41, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 41 }] };
  const thought = '**Checking two cities**\n\nThe user wants Paris and Tokyo; I will call get_weather for each.';
  const signature = 'CiQB0e2Kb3DemoThoughtSignatureParisTokyoWeather0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH==';
  const events = [
    {
      candidates: [{ content: { parts: [{ text: thought, thought: true }], role: 'model' }, index: 0 }],
      usageMetadata: { ...prompt, totalTokenCount: 41 },
      ...meta,
    },
    {
      candidates: [{ content: { parts: [{ text: 'Let me check both' }], role: 'model' }, index: 0 }],
      usageMetadata: { ...prompt, totalTokenCount: 41 },
      ...meta,
    },
    {
      candidates: [{ content: { parts: [{ text: ' cities.' }], role: 'model' }, index: 0 }],
      usageMetadata: { ...prompt, totalTokenCount: 41 },
      ...meta,
    },
    {
      candidates: [
        {
          content: {
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: signature },
              { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
            ],
            role: 'model',
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { ...prompt, candidatesTokenCount: 34, thoughtsTokenCount: 58, totalTokenCount: 133 },
      ...meta,
    },
  ];
  const body = events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join('');
  write(
    'google',
    body,
    {
      content: 'Let me check both cities.',
      reasoning: thought,
      reasoningParts: [{ text: thought }],
      toolCalls: [
        { id: '<generated>', name: 'get_weather', input: { city: 'Paris' } },
        { id: '<generated>', name: 'get_weather', input: { city: 'Tokyo' } },
      ],
      finishReason: 'tool_calls',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 41, outputTokens: 92, totalTokens: 133, reasoningTokens: 58 },
    },
    'The demo question on Gemini with thought summaries: a thought, text, two functionCall parts (one signed) and STOP, reported as tool_calls.',
  );
}

// OpenAI Responses API (gpt-5.4, reasoning summary "auto", store: false with encrypted
// reasoning): a reasoning item with one summary part and its encrypted_content, a message,
// two function_call items with fragmented arguments, then response.completed with usage.
{
  const respId = 'resp_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b';
  const rsId = 'rs_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3c';
  const msgId = 'msg_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3d';
  const calls = [
    [
      'fc_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3e',
      'call_Lm3Pq8Rs2Tu7Vw1Xy6Za4Bc9',
      ['{"ci', 'ty":"Pa', 'ris"}'],
    ],
    [
      'fc_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3f',
      'call_Nd5Fg2Hj8Kl4Mn7Pq1Rs3Tu6',
      ['{"ci', 'ty":"To', 'kyo"}'],
    ],
  ];
  const summary =
    '**Planning the lookups**\n\nTwo cities: I will call get_weather for Paris and for Tokyo in parallel.';
  const encrypted =
    'gAAAAABpDemoWeatherParisTokyoEncryptedReasoning0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789abcdefghijklmnop==';
  const text = "I'll look up both cities.";
  const model = 'gpt-5.4-2026-03-05';
  const base = (status, output, usage) => ({
    id: respId,
    object: 'response',
    created_at: 1764600000,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: { effort: 'medium', summary: 'auto' },
    safety_identifier: null,
    service_tier: 'auto',
    store: false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        strict: false,
      },
    ],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  });
  const reasoningItem = {
    id: rsId,
    type: 'reasoning',
    summary: [{ type: 'summary_text', text: summary }],
    encrypted_content: encrypted,
  };
  const messageItem = {
    id: msgId,
    type: 'message',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    role: 'assistant',
  };
  const callItem = ([id, callId, parts], status) => ({
    id,
    type: 'function_call',
    status,
    arguments: status === 'completed' ? parts.join('') : '',
    call_id: callId,
    name: 'get_weather',
  });
  const events = [];
  const push = (type, data) => events.push({ type, sequence_number: events.length, ...data });
  push('response.created', { response: base('in_progress', [], null) });
  push('response.in_progress', { response: base('in_progress', [], null) });
  push('response.output_item.added', { output_index: 0, item: { id: rsId, type: 'reasoning', summary: [] } });
  push('response.reasoning_summary_part.added', {
    item_id: rsId,
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: '' },
  });
  for (const delta of [
    '**Planning the lookups**\n\n',
    'Two cities: I will call',
    ' get_weather for Paris',
    ' and for Tokyo in parallel.',
  ]) {
    push('response.reasoning_summary_text.delta', {
      item_id: rsId,
      output_index: 0,
      summary_index: 0,
      delta,
      obfuscation: 'Xq3',
    });
  }
  push('response.reasoning_summary_text.done', { item_id: rsId, output_index: 0, summary_index: 0, text: summary });
  push('response.reasoning_summary_part.done', {
    item_id: rsId,
    output_index: 0,
    summary_index: 0,
    part: { type: 'summary_text', text: summary },
  });
  push('response.output_item.done', { output_index: 0, item: reasoningItem });
  push('response.output_item.added', {
    output_index: 1,
    item: { id: msgId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
  });
  push('response.content_part.added', {
    item_id: msgId,
    output_index: 1,
    content_index: 0,
    part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
  });
  for (const delta of ["I'll", ' look', ' up', ' both', ' cities', '.']) {
    push('response.output_text.delta', {
      item_id: msgId,
      output_index: 1,
      content_index: 0,
      delta,
      logprobs: [],
      obfuscation: 'k2',
    });
  }
  push('response.output_text.done', { item_id: msgId, output_index: 1, content_index: 0, text, logprobs: [] });
  push('response.content_part.done', {
    item_id: msgId,
    output_index: 1,
    content_index: 0,
    part: { type: 'output_text', annotations: [], logprobs: [], text },
  });
  push('response.output_item.done', { output_index: 1, item: messageItem });
  calls.forEach((call, i) => {
    const output_index = 2 + i;
    push('response.output_item.added', { output_index, item: callItem(call, 'in_progress') });
    for (const delta of call[2])
      push('response.function_call_arguments.delta', { item_id: call[0], output_index, delta, obfuscation: 'Fw' });
    push('response.function_call_arguments.done', { item_id: call[0], output_index, arguments: call[2].join('') });
    push('response.output_item.done', { output_index, item: callItem(call, 'completed') });
  });
  const usage = {
    input_tokens: 74,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 96,
    output_tokens_details: { reasoning_tokens: 48 },
    total_tokens: 170,
  };
  push('response.completed', {
    response: base(
      'completed',
      [reasoningItem, messageItem, ...calls.map((call) => callItem(call, 'completed'))],
      usage,
    ),
  });
  const body = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
  write(
    'openai-responses',
    body,
    {
      content: text,
      reasoning: summary,
      reasoningParts: [{ text: summary, signature: encrypted, itemId: rsId }],
      toolCalls: calls.map(([itemId, id, parts]) => ({
        id,
        name: 'get_weather',
        itemId,
        input: JSON.parse(parts.join('')),
      })),
      finishReason: 'tool_calls',
      rawFinishReason: 'completed',
      usage: { inputTokens: 74, outputTokens: 96, totalTokens: 170, cachedInputTokens: 0, reasoningTokens: 48 },
    },
    'The demo question on the Responses API: a reasoning summary with encrypted reasoning, text, two parallel function calls, usage.',
  );
}
