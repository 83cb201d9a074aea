// Synthetic response bodies per vendor and scenario, in each vendor's documented wire format
// (OpenAI chat.completion.chunk SSE, Anthropic Messages SSE events, Gemini
// streamGenerateContent?alt=sse with CRLF framing). Built once per server process.
//
//   text-20000   20,000 text deltas
//   tool-5000    one tool call whose arguments arrive in 5,000 fragments (not Gemini: it sends whole calls)
//   tools-500    500 whole tool calls
//   mixed        200 text deltas, then three parallel tool calls in 20 fragments each
//   text-50mb    50 MB of text in 12,800 deltas of 4 KiB (the memory run)

export const SCENARIOS = ['text-20000', 'tool-5000', 'tools-500', 'mixed'];
export const MEMORY_SCENARIO = 'text-50mb';

/** What a body holds, as `{ text, calls: [{ name, fragments: string[] }] }` in stream order. */
function plan(scenario) {
  const words = (n, word = 'word ') => Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 'end. ' : word));
  switch (scenario) {
    case 'text-20000':
      return { text: words(20_000), calls: [] };
    case 'tool-5000': {
      const fragments = ['{"q":"', ...Array.from({ length: 4_998 }, () => 'abcd'), '"}'];
      return { text: [], calls: [{ name: 'lookup', fragments }] };
    }
    case 'tools-500':
      return {
        text: [],
        calls: Array.from({ length: 500 }, (_, i) => ({ name: 'lookup', fragments: [`{"n":${i}}`] })),
      };
    case 'mixed': {
      const call = (i) => ({
        name: 'lookup',
        fragments: ['{"q":"', ...Array.from({ length: 18 }, () => `p${i}`), '"}'],
      });
      return { text: words(200), calls: [call(0), call(1), call(2)] };
    }
    case 'text-50mb':
      return { text: Array.from({ length: 12_800 }, () => `${'x'.repeat(4095)} `), calls: [] };
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

/** Whether a vendor can express a scenario at all. */
export function supports(vendor, scenario) {
  return !(vendor === 'google' && scenario === 'tool-5000');
}

/** The expected result digest input: text, then each call as name:arguments. */
export function expectedResult(scenario) {
  const p = plan(scenario);
  return { text: p.text.join(''), calls: p.calls.map((c) => `${c.name}:${c.fragments.join('')}`) };
}

export function body(vendor, scenario) {
  const p = plan(scenario);
  if (vendor === 'openai') return openaiBody(p);
  if (vendor === 'anthropic') return anthropicBody(p);
  return googleBody(p);
}

function openaiBody({ text, calls }) {
  const out = [];
  const head =
    '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764547200,"model":"gpt-bench","choices":[';
  const chunk = (delta, finish = null) =>
    `data: ${head}{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;
  out.push(chunk({ role: 'assistant', content: '' }));
  for (const t of text) out.push(chunk({ content: t }));
  calls.forEach((call, index) => {
    call.fragments.forEach((fragment, f) => {
      const delta =
        f === 0
          ? { index, id: `call_${index}`, type: 'function', function: { name: call.name, arguments: fragment } }
          : { index, function: { arguments: fragment } };
      out.push(chunk({ tool_calls: [delta] }));
    });
  });
  out.push(chunk({}, calls.length > 0 ? 'tool_calls' : 'stop'));
  out.push(
    `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764547200,"model":"gpt-bench","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":${text.length + calls.length},"total_tokens":${10 + text.length + calls.length}}}\n\n`,
  );
  out.push('data: [DONE]\n\n');
  return out.join('');
}

function anthropicBody({ text, calls }) {
  const out = [];
  const event = (name, data) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  out.push(
    event('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'claude-bench',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
  );
  let index = 0;
  if (text.length > 0) {
    out.push(
      event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    );
    out.push(event('ping', { type: 'ping' }));
    for (const t of text) {
      out.push(
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } }),
      );
    }
    out.push(event('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  for (const call of calls) {
    out.push(
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: `toolu_${index}`, name: call.name, input: {} },
      }),
    );
    for (const fragment of call.fragments) {
      out.push(
        event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: fragment },
        }),
      );
    }
    out.push(event('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  out.push(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: calls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: text.length + calls.length },
    }),
  );
  out.push(event('message_stop', { type: 'message_stop' }));
  return out.join('');
}

function googleBody({ text, calls }) {
  const out = [];
  const event = (parts, last) =>
    `data: ${JSON.stringify({
      candidates: [{ content: { parts, role: 'model' }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
      ...(last ? { usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } } : {}),
      modelVersion: 'gemini-bench',
      responseId: 'bench',
    })}\r\n\r\n`;
  for (let i = 0; i < text.length; i++)
    out.push(event([{ text: text[i] }], calls.length === 0 && i === text.length - 1));
  // Gemini sends whole calls; parallel calls share one event.
  const whole = calls.map((call) => ({ functionCall: { name: call.name, args: JSON.parse(call.fragments.join('')) } }));
  if (whole.length === 500) for (let i = 0; i < whole.length; i++) out.push(event([whole[i]], i === whole.length - 1));
  else if (whole.length > 0) out.push(event(whole, true));
  return out.join('');
}
