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
  const base = { id, object: 'chat.completion.chunk', created: 1764600000, model: 'gpt-5.4-mini-2026-03-17', service_tier: 'default', system_fingerprint: 'fp_cbf1785567' };
  const chunk = (delta, finish = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  const events = [
    chunk({ role: 'assistant', content: '', refusal: null, annotations: [] }),
    ...["I'll", ' look', ' up', ' both', ' cities', '.'].map((content) => chunk({ content })),
    chunk({ tool_calls: [{ index: 0, id: 'call_pQ4nW8xR2mT6vY1sK9dL3hZa', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    ...['{"ci', 'ty": "Pa', 'ris"}'].map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
    chunk({ tool_calls: [{ index: 1, id: 'call_J7bF2kV5nQ8wE3rT6yU9iO1p', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    ...['{"ci', 'ty": "To', 'kyo"}'].map((a) => chunk({ tool_calls: [{ index: 1, function: { arguments: a } }] })),
    chunk({}, 'tool_calls'),
    { ...base, choices: [], usage: { prompt_tokens: 68, completion_tokens: 52, total_tokens: 120, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } },
  ];
  const body = `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
  write('openai', body, {
    content: "I'll look up both cities.",
    toolCalls: [
      { id: 'call_pQ4nW8xR2mT6vY1sK9dL3hZa', name: 'get_weather', input: { city: 'Paris' } },
      { id: 'call_J7bF2kV5nQ8wE3rT6yU9iO1p', name: 'get_weather', input: { city: 'Tokyo' } },
    ],
    finishReason: 'tool_calls',
    rawFinishReason: 'tool_calls',
    usage: { inputTokens: 68, outputTokens: 52, totalTokens: 120, cachedInputTokens: 0, reasoningTokens: 0 },
  }, 'The demo question on Chat Completions: text, then two parallel get_weather calls in fragments, and usage.');
}

// Anthropic Messages (claude-sonnet-5-5, extended thinking): signed thinking, text, two
// tool_use blocks with input_json_delta fragments, message_delta with stop_reason tool_use.
{
  const thinking = ['The user asks about two cities.', ' I can call get_weather for Paris and for Tokyo in parallel.'];
  const signature = 'EqQCCkYIBxgCKkDemoSignatureWeatherParisTokyo0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0EgxDemoParisTokyoGgwZ2V0X3dlYXRoZXIiMAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/GAE=';
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const delta = (index, d) => ev('content_block_delta', { index, delta: d });
  let body = ev('message_start', { message: { model: 'claude-sonnet-5-5', id: 'msg_01DemoWeatherParisTokyo7Q', type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 590, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 4, service_tier: 'standard' } } });
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
    body += ev('content_block_start', { index, content_block: { type: 'tool_use', id, name: 'get_weather', input: {} } });
    for (const partial_json of parts) body += delta(index, { type: 'input_json_delta', partial_json });
    body += ev('content_block_stop', { index });
  });
  body += ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 590, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 131 } });
  body += ev('message_stop', {});
  write('anthropic', body, {
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
  }, 'The demo question on Messages with extended thinking: signed thinking, text, two parallel tool_use blocks, usage.');
}

// Gemini streamGenerateContent?alt=sse (gemini-2.5-flash, includeThoughts): CRLF framing,
// a thought summary, text, two functionCall parts (the first with a thoughtSignature) and STOP.
{
  const meta = { modelVersion: 'gemini-2.5-flash', responseId: 'DmWeAtHeRpArIsToKyO0a1b' };
  const prompt = { promptTokenCount: 41, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 41 }] };
  const thought = '**Checking two cities**\n\nThe user wants Paris and Tokyo; I will call get_weather for each.';
  const signature = 'CiQB0e2Kb3DemoThoughtSignatureParisTokyoWeather0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH==';
  const events = [
    { candidates: [{ content: { parts: [{ text: thought, thought: true }], role: 'model' }, index: 0 }], usageMetadata: { ...prompt, totalTokenCount: 41 }, ...meta },
    { candidates: [{ content: { parts: [{ text: 'Let me check both' }], role: 'model' }, index: 0 }], usageMetadata: { ...prompt, totalTokenCount: 41 }, ...meta },
    { candidates: [{ content: { parts: [{ text: ' cities.' }], role: 'model' }, index: 0 }], usageMetadata: { ...prompt, totalTokenCount: 41 }, ...meta },
    {
      candidates: [{ content: { parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: signature },
        { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
      ], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { ...prompt, candidatesTokenCount: 34, thoughtsTokenCount: 58, totalTokenCount: 133 },
      ...meta,
    },
  ];
  const body = events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join('');
  write('google', body, {
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
  }, 'The demo question on Gemini with thought summaries: a thought, text, two functionCall parts (one signed) and STOP, reported as tool_calls.');
}
