// What each benchmark variant does with one response: collect the answer text and each tool
// call's name and arguments, and note when the first content (text or tool-call fragment)
// arrived. Libraries are imported inside `setup`, so a measuring process loads only its own.
//
// - floor: `fetch` + a minimal SSE line split + `JSON.parse`, no SDK: the least any code
//   can do with the bytes.
// - raw SDK: the vendor SDK's own stream iterator, fields read directly.
// - switchyard: its full path (streamChatCompletion → adapter → accumulator → handler);
//   `switchyard + hooks`: the same with a no-op `hooks` object of all six members.
// - Vercel AI SDK, LangChain.js: their streaming APIs (tools declared, so that they parse calls).
const KEY = 'bench-key';
const PROMPT = 'Tell me a long story.';
const request = { messages: [{ role: 'user', content: PROMPT }], maxTokens: 4096 };

/** One response's result; `first` is ms from the start to the first content. */
function collector() {
  return { text: '', calls: [], chunks: 0, first: undefined, t0: performance.now() };
}
function seen(out) {
  if (out.first === undefined) out.first = performance.now() - out.t0;
}

// --- per vendor: one event → the collector (shared by floor and raw SDK) -----------------
function openaiEvent(out, chunk) {
  const delta = chunk.choices?.[0]?.delta;
  if (!delta) return;
  if (delta.content) {
    seen(out);
    out.text += delta.content;
    out.chunks++;
  }
  if (delta.tool_calls) {
    seen(out);
    for (const call of delta.tool_calls) {
      if (out.calls[call.index] === undefined) out.calls[call.index] = { name: '', args: '' };
      const slot = out.calls[call.index];
      if (call.function?.name) slot.name = call.function.name;
      if (call.function?.arguments) slot.args += call.function.arguments;
      out.chunks++;
    }
  }
}
function anthropicEvent(out, event) {
  if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
    seen(out);
    out.calls.push({ name: event.content_block.name, args: '' });
  } else if (event.type === 'content_block_delta') {
    seen(out);
    if (event.delta.type === 'text_delta') out.text += event.delta.text;
    else if (event.delta.type === 'input_json_delta') out.calls[out.calls.length - 1].args += event.delta.partial_json;
    out.chunks++;
  }
}
function googleEvent(out, response) {
  const parts = response.candidates?.[0]?.content?.parts;
  if (!parts) return;
  for (const part of parts) {
    seen(out);
    if (typeof part.text === 'string' && part.thought !== true) out.text += part.text;
    else if (part.functionCall)
      out.calls.push({ name: part.functionCall.name, args: JSON.stringify(part.functionCall.args) });
    out.chunks++;
  }
}

function result(out) {
  return { text: out.text, calls: out.calls.map((c) => `${c.name}:${c.args}`), chunks: out.chunks, first: out.first };
}

// --- floor -----------------------------------------------------------------------------
async function floorStream(url, headers, body, onEvent, out) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n', start);
      if (end < 0) break;
      if (buffer.startsWith('data: ', start)) {
        const data = buffer.slice(start + 6, buffer.charCodeAt(end - 1) === 13 ? end - 1 : end);
        if (data !== '[DONE]') onEvent(out, JSON.parse(data));
      }
      start = end + 1;
    }
    buffer = buffer.slice(start);
  }
}

// --- peers and switchyard ----------------------------------------------------------------
// A no-op `hooks` object with all six members: what observing a call costs (the plain
// switchyard variant passes none, so its row is the cost without hooks).
const NOOP_HOOKS = {
  onRequest() {},
  onResponse() {},
  onRetry() {},
  onFallback() {},
  onFinish() {},
  onError() {},
};

async function viaSwitchyard(model, hooks) {
  const { streamChatCompletion } = await import('@switchyard/core');
  const options = hooks === undefined ? { maxRetries: 0 } : { maxRetries: 0, hooks };
  return async () => {
    const out = collector();
    await streamChatCompletion(
      request,
      {
        onToken(token) {
          seen(out);
          out.text += token;
          out.chunks++;
        },
        onToolCall(call) {
          seen(out);
          out.calls.push({ name: call.name, args: call.arguments });
        },
      },
      model,
      options,
    );
    return result(out);
  };
}

async function viaAiSdk(model) {
  const { streamText, jsonSchema, tool } = await import('ai');
  const tools = { lookup: tool({ description: 'Look up', inputSchema: jsonSchema({ type: 'object' }) }) };
  return async () => {
    const out = collector();
    const stream = streamText({ model, prompt: PROMPT, tools, maxRetries: 0, maxOutputTokens: 4096 });
    for await (const part of stream.fullStream) {
      if (part.type === 'text-delta') {
        seen(out);
        out.text += part.text;
        out.chunks++;
      } else if (part.type === 'tool-input-delta') {
        seen(out);
      } else if (part.type === 'tool-call') {
        seen(out);
        out.calls.push({ name: part.toolName, args: JSON.stringify(part.input) });
      }
    }
    return result(out);
  };
}

function viaLangChain(model) {
  const bound = model.bindTools([
    { type: 'function', function: { name: 'lookup', description: 'Look up', parameters: { type: 'object' } } },
  ]);
  return async () => {
    const out = collector();
    for await (const chunk of await bound.stream(PROMPT)) {
      if (typeof chunk.content === 'string' && chunk.content !== '') {
        seen(out);
        out.text += chunk.content;
        out.chunks++;
      } else if (Array.isArray(chunk.content)) {
        for (const block of chunk.content) {
          if (block.type === 'text' || block.type === 'text_delta') {
            seen(out);
            out.text += block.text;
            out.chunks++;
          }
        }
      }
      if (chunk.tool_call_chunks?.length) seen(out);
    }
    return result(out);
  };
}

const openaiBody = (model) => ({
  model,
  messages: [{ role: 'user', content: PROMPT }],
  stream: true,
  stream_options: { include_usage: true },
});
const anthropicBody = (model) => ({
  model,
  max_tokens: 4096,
  messages: [{ role: 'user', content: PROMPT }],
  stream: true,
});
const googleBody = () => ({ contents: [{ role: 'user', parts: [{ text: PROMPT }] }] });

/** The variants; `kind` says which role a variant plays in the ratios. */
export const variants = [
  // --- OpenAI ---
  {
    id: 'openai-floor',
    vendor: 'openai',
    kind: 'floor',
    name: 'floor (fetch + SSE split + JSON.parse)',
    async setup(origin, model) {
      return async () => {
        const out = collector();
        await floorStream(
          `${origin}/v1/chat/completions`,
          { authorization: `Bearer ${KEY}` },
          openaiBody(model),
          openaiEvent,
          out,
        );
        return result(out);
      };
    },
  },
  {
    id: 'openai-raw',
    vendor: 'openai',
    kind: 'raw',
    name: 'openai SDK (raw)',
    async setup(origin, model) {
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({ apiKey: KEY, baseURL: `${origin}/v1`, maxRetries: 0 });
      return async () => {
        const out = collector();
        for await (const chunk of await client.chat.completions.create(openaiBody(model))) openaiEvent(out, chunk);
        return result(out);
      };
    },
  },
  {
    id: 'openai-switchyard',
    vendor: 'openai',
    kind: 'switchyard',
    name: 'switchyard',
    async setup(origin, model) {
      const { openai } = await import('@switchyard/openai');
      return viaSwitchyard(openai({ apiKey: KEY, baseURL: `${origin}/v1` }).languageModel(model));
    },
  },
  {
    id: 'openai-switchyard-hooks',
    vendor: 'openai',
    kind: 'hooks',
    name: 'switchyard + hooks (six no-ops)',
    async setup(origin, model) {
      const { openai } = await import('@switchyard/openai');
      return viaSwitchyard(openai({ apiKey: KEY, baseURL: `${origin}/v1` }).languageModel(model), NOOP_HOOKS);
    },
  },
  {
    id: 'openai-ai-sdk',
    vendor: 'openai',
    kind: 'peer',
    name: 'Vercel AI SDK',
    async setup(origin, model) {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return viaAiSdk(createOpenAI({ apiKey: KEY, baseURL: `${origin}/v1` }).chat(model));
    },
  },
  {
    id: 'openai-langchain',
    vendor: 'openai',
    kind: 'peer',
    name: 'LangChain.js',
    async setup(origin, model) {
      const { ChatOpenAI } = await import('@langchain/openai');
      return viaLangChain(
        new ChatOpenAI({
          model,
          apiKey: KEY,
          configuration: { baseURL: `${origin}/v1` },
          maxRetries: 0,
          streamUsage: true,
        }),
      );
    },
  },
  // --- Anthropic ---
  {
    id: 'anthropic-floor',
    vendor: 'anthropic',
    kind: 'floor',
    name: 'floor (fetch + SSE split + JSON.parse)',
    async setup(origin, model) {
      return async () => {
        const out = collector();
        await floorStream(
          `${origin}/v1/messages`,
          { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
          anthropicBody(model),
          anthropicEvent,
          out,
        );
        return result(out);
      };
    },
  },
  {
    id: 'anthropic-raw',
    vendor: 'anthropic',
    kind: 'raw',
    name: '@anthropic-ai/sdk (raw)',
    async setup(origin, model) {
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const client = new Anthropic({ apiKey: KEY, baseURL: origin, maxRetries: 0 });
      return async () => {
        const out = collector();
        for await (const event of await client.messages.create(anthropicBody(model))) anthropicEvent(out, event);
        return result(out);
      };
    },
  },
  {
    id: 'anthropic-switchyard',
    vendor: 'anthropic',
    kind: 'switchyard',
    name: 'switchyard',
    async setup(origin, model) {
      const { anthropic } = await import('@switchyard/anthropic');
      return viaSwitchyard(anthropic({ apiKey: KEY, baseURL: origin }).languageModel(model));
    },
  },
  {
    id: 'anthropic-switchyard-hooks',
    vendor: 'anthropic',
    kind: 'hooks',
    name: 'switchyard + hooks (six no-ops)',
    async setup(origin, model) {
      const { anthropic } = await import('@switchyard/anthropic');
      return viaSwitchyard(anthropic({ apiKey: KEY, baseURL: origin }).languageModel(model), NOOP_HOOKS);
    },
  },
  {
    id: 'anthropic-ai-sdk',
    vendor: 'anthropic',
    kind: 'peer',
    name: 'Vercel AI SDK',
    async setup(origin, model) {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return viaAiSdk(createAnthropic({ apiKey: KEY, baseURL: `${origin}/v1` })(model));
    },
  },
  {
    id: 'anthropic-langchain',
    vendor: 'anthropic',
    kind: 'peer',
    name: 'LangChain.js',
    async setup(origin, model) {
      const { ChatAnthropic } = await import('@langchain/anthropic');
      return viaLangChain(new ChatAnthropic({ model, apiKey: KEY, anthropicApiUrl: origin, maxRetries: 0 }));
    },
  },
  // --- Google ---
  {
    id: 'google-floor',
    vendor: 'google',
    kind: 'floor',
    name: 'floor (fetch + SSE split + JSON.parse)',
    async setup(origin, model) {
      return async () => {
        const out = collector();
        await floorStream(
          `${origin}/v1beta/models/${model}:streamGenerateContent?alt=sse`,
          { 'x-goog-api-key': KEY },
          googleBody(),
          googleEvent,
          out,
        );
        return result(out);
      };
    },
  },
  {
    id: 'google-raw',
    vendor: 'google',
    kind: 'raw',
    name: '@google/genai (raw)',
    async setup(origin, model) {
      const { GoogleGenAI } = await import('@google/genai');
      const genai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: origin } });
      return async () => {
        const out = collector();
        const stream = await genai.models.generateContentStream({
          model,
          contents: googleBody().contents,
          // As switchyard sends it: no hidden re-sending of a stream that ends early.
          config: { automaticContinuation: false },
        });
        for await (const chunk of stream) googleEvent(out, chunk);
        return result(out);
      };
    },
  },
  {
    id: 'google-switchyard',
    vendor: 'google',
    kind: 'switchyard',
    name: 'switchyard',
    async setup(origin, model) {
      const { google } = await import('@switchyard/google');
      return viaSwitchyard(google({ apiKey: KEY, baseURL: origin }).languageModel(model));
    },
  },
  {
    id: 'google-switchyard-hooks',
    vendor: 'google',
    kind: 'hooks',
    name: 'switchyard + hooks (six no-ops)',
    async setup(origin, model) {
      const { google } = await import('@switchyard/google');
      return viaSwitchyard(google({ apiKey: KEY, baseURL: origin }).languageModel(model), NOOP_HOOKS);
    },
  },
  {
    id: 'google-ai-sdk',
    vendor: 'google',
    kind: 'peer',
    name: 'Vercel AI SDK',
    async setup(origin, model) {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return viaAiSdk(createGoogleGenerativeAI({ apiKey: KEY, baseURL: `${origin}/v1beta` })(model));
    },
  },
];
