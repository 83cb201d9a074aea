// What each benchmark variant does with one stream: collect the answer text, count deltas.
// Every variant streams the same recording (`large`) from the replay server. Libraries are
// imported inside `setup`, so a measuring process loads only the one it measures.
const KEY = 'bench-key';
const MODEL = 'large';
const PROMPT = 'Tell me a long story.';
const request = { messages: [{ role: 'user', content: PROMPT }], maxTokens: 4096 };

async function viaSwitchyard(model) {
  const { streamChatCompletion } = await import('@switchyard/core');
  return async () => {
    let text = '';
    let chunks = 0;
    await streamChatCompletion(
      request,
      {
        onToken(token) {
          text += token;
          chunks += 1;
        },
      },
      model,
    );
    return { text, chunks };
  };
}

async function viaAiSdk(model) {
  const { streamText } = await import('ai');
  return async () => {
    let text = '';
    let chunks = 0;
    const result = streamText({ model, prompt: PROMPT, maxRetries: 0, maxOutputTokens: 4096 });
    for await (const token of result.textStream) {
      text += token;
      chunks += 1;
    }
    return { text, chunks };
  };
}

function viaLangChain(model) {
  return async () => {
    let text = '';
    let chunks = 0;
    for await (const chunk of await model.stream(PROMPT)) {
      if (typeof chunk.content === 'string' && chunk.content !== '') {
        text += chunk.content;
        chunks += 1;
      }
    }
    return { text, chunks };
  };
}

/** The variants, grouped by vendor; `baseline` marks the raw SDK the others are compared with. */
export const variants = [
  {
    id: 'openai-raw',
    vendor: 'openai',
    name: 'openai SDK (raw)',
    baseline: true,
    async setup(origin) {
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({ apiKey: KEY, baseURL: `${origin}/v1`, maxRetries: 0 });
      return async () => {
        let text = '';
        let chunks = 0;
        const stream = await client.chat.completions.create({
          model: MODEL,
          messages: [{ role: 'user', content: PROMPT }],
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of stream) {
          const content = chunk.choices[0]?.delta?.content;
          if (content) {
            text += content;
            chunks += 1;
          }
        }
        return { text, chunks };
      };
    },
  },
  {
    id: 'openai-switchyard',
    vendor: 'openai',
    name: 'switchyard',
    async setup(origin) {
      const { openai } = await import('@switchyard/openai');
      return viaSwitchyard(openai({ apiKey: KEY, baseURL: `${origin}/v1` }).languageModel(MODEL));
    },
  },
  {
    id: 'openai-ai-sdk',
    vendor: 'openai',
    name: 'Vercel AI SDK',
    async setup(origin) {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return viaAiSdk(createOpenAI({ apiKey: KEY, baseURL: `${origin}/v1` }).chat(MODEL));
    },
  },
  {
    id: 'openai-langchain',
    vendor: 'openai',
    name: 'LangChain.js',
    async setup(origin) {
      const { ChatOpenAI } = await import('@langchain/openai');
      return viaLangChain(
        new ChatOpenAI({
          model: MODEL,
          apiKey: KEY,
          configuration: { baseURL: `${origin}/v1` },
          maxRetries: 0,
          streamUsage: true,
        }),
      );
    },
  },
  {
    id: 'anthropic-raw',
    vendor: 'anthropic',
    name: '@anthropic-ai/sdk (raw)',
    baseline: true,
    async setup(origin) {
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const client = new Anthropic({ apiKey: KEY, baseURL: origin, maxRetries: 0 });
      return async () => {
        let text = '';
        let chunks = 0;
        const stream = await client.messages.create({
          model: MODEL,
          max_tokens: 4096,
          messages: [{ role: 'user', content: PROMPT }],
          stream: true,
        });
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta' && event.delta.text) {
            text += event.delta.text;
            chunks += 1;
          }
        }
        return { text, chunks };
      };
    },
  },
  {
    id: 'anthropic-switchyard',
    vendor: 'anthropic',
    name: 'switchyard',
    async setup(origin) {
      const { anthropic } = await import('@switchyard/anthropic');
      return viaSwitchyard(anthropic({ apiKey: KEY, baseURL: origin }).languageModel(MODEL));
    },
  },
  {
    id: 'anthropic-ai-sdk',
    vendor: 'anthropic',
    name: 'Vercel AI SDK',
    async setup(origin) {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return viaAiSdk(createAnthropic({ apiKey: KEY, baseURL: `${origin}/v1` })(MODEL));
    },
  },
  {
    id: 'anthropic-langchain',
    vendor: 'anthropic',
    name: 'LangChain.js',
    async setup(origin) {
      const { ChatAnthropic } = await import('@langchain/anthropic');
      return viaLangChain(new ChatAnthropic({ model: MODEL, apiKey: KEY, anthropicApiUrl: origin, maxRetries: 0 }));
    },
  },
  {
    id: 'google-raw',
    vendor: 'google',
    name: '@google/genai (raw)',
    baseline: true,
    async setup(origin) {
      const { GoogleGenAI } = await import('@google/genai');
      const genai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: origin } });
      return async () => {
        let text = '';
        let chunks = 0;
        const stream = await genai.models.generateContentStream({
          model: MODEL,
          contents: [{ role: 'user', parts: [{ text: PROMPT }] }],
          // As switchyard sends it: no hidden re-sending of a stream that ends early.
          config: { automaticContinuation: false },
        });
        for await (const chunk of stream) {
          const parts = chunk.candidates?.[0]?.content?.parts;
          if (!parts) continue;
          for (const part of parts) {
            if (typeof part.text === 'string' && part.text !== '' && part.thought !== true) {
              text += part.text;
              chunks += 1;
            }
          }
        }
        return { text, chunks };
      };
    },
  },
  {
    id: 'google-switchyard',
    vendor: 'google',
    name: 'switchyard',
    async setup(origin) {
      const { google } = await import('@switchyard/google');
      return viaSwitchyard(google({ apiKey: KEY, baseURL: origin }).languageModel(MODEL));
    },
  },
  {
    id: 'google-ai-sdk',
    vendor: 'google',
    name: 'Vercel AI SDK',
    async setup(origin) {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return viaAiSdk(createGoogleGenerativeAI({ apiKey: KEY, baseURL: `${origin}/v1beta` })(MODEL));
    },
  },
];
