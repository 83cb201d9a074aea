// Writes the "structured-output" recordings: a JSON answer in each vendor's documented
// streaming wire format, as each adapter asks for it. OpenAI and Gemini stream the JSON as
// text (response_format json_schema; responseMimeType application/json); Anthropic's plain
// JSON mode is a forced `json_response` tool whose input streams as input_json_delta.
// Run: node packages/conformance/scripts/generate-structured-output.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'recordings');
const write = (vendor, name, body, expected, description) => {
  writeFileSync(join(root, vendor, `${name}.sse`), body);
  writeFileSync(join(root, vendor, `${name}.json`), `${JSON.stringify({ description, expected }, null, 2)}\n`);
};
const pieces = ['{"name": "Ada Lo', 'velace", "born": 18', '15, "fields": ["mathem', 'atics", "computing"]}'];
const json = pieces.join('');
const object = JSON.parse(json);

// OpenAI Chat Completions: the JSON arrives as content deltas, then stop and the usage chunk.
{
  const base = {
    id: 'chatcmpl-CStRuCtUrEdAdA0q8XzKd2',
    object: 'chat.completion.chunk',
    created: 1764620000,
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
    ...pieces.map((content) => chunk({ content })),
    chunk({}, 'stop'),
  ];
  events.push({
    ...base,
    choices: [],
    usage: {
      prompt_tokens: 61,
      completion_tokens: 24,
      total_tokens: 85,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
  });
  const body = `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
  write(
    'openai',
    'structured-output',
    body,
    {
      content: json,
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 61, outputTokens: 24, totalTokens: 85, cachedInputTokens: 0, reasoningTokens: 0 },
    },
    'A JSON answer to a json_schema response_format, streamed as content deltas.',
  );
}

// Anthropic Messages with output_config.format (structured outputs): the JSON is text.
{
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  let body = ev('message_start', {
    message: {
      model: 'claude-sonnet-5-5',
      id: 'msg_01StRuCtUrEdTeXtAq8ZbX',
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 388,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 2,
        service_tier: 'standard',
      },
    },
  });
  body += ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const text of pieces) body += ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  body += ev('content_block_stop', { index: 0 });
  body += ev('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { input_tokens: 388, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 30 },
  });
  body += ev('message_stop', {});
  write(
    'anthropic',
    'structured-output',
    body,
    {
      content: json,
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 388, outputTokens: 30, totalTokens: 418, cachedInputTokens: 0, cacheWriteTokens: 0 },
    },
    'A JSON answer under output_config.format (structured outputs), streamed as text deltas.',
  );
}

// Anthropic Messages: the forced json_response tool; its input streams as input_json_delta.
{
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const id = 'toolu_01StRuCtUrEdAdA8Kq2Vb4Nx';
  let body = ev('message_start', {
    message: {
      model: 'claude-sonnet-5-5',
      id: 'msg_01StRuCtUrEdAdAq8ZbXw',
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 402,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 2,
        service_tier: 'standard',
      },
    },
  });
  body += ev('content_block_start', {
    index: 0,
    content_block: { type: 'tool_use', id, name: 'json_response', input: {} },
  });
  for (const partial_json of pieces)
    body += ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json } });
  body += ev('content_block_stop', { index: 0 });
  body += ev('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { input_tokens: 402, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 38 },
  });
  body += ev('message_stop', {});
  write(
    'anthropic',
    'structured-output-json-tool',
    body,
    {
      toolCalls: [{ id, name: 'json_response', input: object, arguments: json }],
      finishReason: 'tool_calls',
      rawFinishReason: 'tool_use',
      usage: { inputTokens: 402, outputTokens: 38, totalTokens: 440, cachedInputTokens: 0, cacheWriteTokens: 0 },
    },
    'The forced json_response tool of plain JSON mode: the answer is the tool input (read back as text when the request asked for JSON).',
  );
}

// Gemini: responseMimeType application/json; the JSON arrives as text parts, CRLF-framed.
{
  const meta = { modelVersion: 'gemini-2.5-flash', responseId: 'StRuCtUrEdAdAq8ZbWvTl0' };
  const prompt = { promptTokenCount: 33, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 33 }] };
  const events = pieces.map((text, i) => ({
    candidates: [
      {
        content: { parts: [{ text }], role: 'model' },
        ...(i === pieces.length - 1 ? { finishReason: 'STOP' } : {}),
        index: 0,
      },
    ],
    usageMetadata:
      i === pieces.length - 1
        ? { ...prompt, candidatesTokenCount: 22, totalTokenCount: 55 }
        : { ...prompt, totalTokenCount: 33 },
    ...meta,
  }));
  const body = events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join('');
  write(
    'google',
    'structured-output',
    body,
    {
      content: json,
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 33, outputTokens: 22, totalTokens: 55 },
    },
    'A JSON answer under responseMimeType application/json, streamed as text parts.',
  );
}
