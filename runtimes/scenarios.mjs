// The runtime smoke suite: one scenario list, run unchanged in every runtime (Node 20.0–24,
// Bun, Deno, workerd, Chromium) against the replay server, which runs in Node beside it.
// Each scenario returns a small normalized result; the runner compares every runtime's
// results with Node's and checks what the server saw (the signature sent back, the retry,
// the disconnect). Plain JavaScript with no runtime-specific import, so it bundles anywhere.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { anthropic } from '@switchyard/anthropic';
import {
  chatStream,
  complete,
  createRegistry,
  defaultRegistry,
  isGeneratedToolCallId,
  isLLMError,
} from '@switchyard/core';
import { google } from '@switchyard/google';
import { openai } from '@switchyard/openai';
import OpenAI from 'openai';

export const ADAPTERS = ['openai', 'anthropic', 'google'];

/** Which recording plays each scenario, per adapter (`null`: the API has no such thing). */
export const RECORDINGS = {
  openai: {
    text: 'text-basic',
    fragmented: 'tool-call-fragmented',
    parallel: 'parallel-tool-calls',
    reasoning: null,
    truncated: 'truncated',
  },
  anthropic: {
    text: 'text-basic',
    fragmented: 'tool-use-fragmented',
    parallel: 'tool-use-multiple',
    reasoning: 'thinking-signature',
    truncated: 'truncated',
  },
  google: {
    text: 'text-basic',
    fragmented: 'function-calls-across-events',
    parallel: 'function-calls-one-event',
    reasoning: 'thought-signature',
    truncated: 'truncated',
  },
};

export const API_KEY = 'replay-placeholder-key-0000';

const TOOLS = [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];
const ASK = { messages: [{ role: 'user', content: 'Hello' }] };
const ASK_WITH_TOOLS = { ...ASK, tools: TOOLS };

/**
 * The plugins for the three adapters, pointed at the replay server. In a browser the vendor
 * SDKs refuse to run unless told that exposing the key is intended: there, each plugin gets a
 * client built with that flag (and, for Anthropic, its browser-access header).
 */
export function createPlugins(config) {
  const { baseURLs, browser } = config;
  if (!browser) {
    return [
      openai({ baseURL: baseURLs.openai, apiKey: API_KEY }),
      anthropic({ baseURL: baseURLs.anthropic, apiKey: API_KEY }),
      google({ baseURL: baseURLs.google, apiKey: API_KEY }),
    ];
  }
  return [
    openai({
      client: new OpenAI({ baseURL: baseURLs.openai, apiKey: API_KEY, dangerouslyAllowBrowser: true, maxRetries: 0 }),
    }),
    anthropic({
      client: new Anthropic({
        baseURL: baseURLs.anthropic,
        apiKey: API_KEY,
        dangerouslyAllowBrowser: true,
        maxRetries: 0,
      }),
    }),
    google({
      client: new GoogleGenAI({
        apiKey: API_KEY,
        httpOptions: { baseUrl: baseURLs.google, retryOptions: { attempts: 1 } },
      }),
    }),
  ];
}

/** A message reduced to what must be equal in every runtime (generated ids masked). */
export function summarize(message) {
  return {
    content: message.content,
    reasoning: message.reasoning ?? null,
    signatures: (message.reasoningParts ?? []).filter((part) => part.signature !== undefined).length,
    toolCalls: message.toolCalls.map((call) => ({
      id: isGeneratedToolCallId(call.id) ? '<generated>' : call.id,
      name: call.name,
      input: call.input,
    })),
    finishReason: message.finishReason,
    rawFinishReason: message.rawFinishReason ?? null,
    usage: message.usage ?? null,
  };
}

function summarizeError(error) {
  if (!isLLMError(error)) return { thrown: String(error) };
  return {
    error: error.code,
    partial: error.partial?.content ?? null,
    partialFinish: error.partial?.finishReason ?? null,
  };
}

async function settle(run) {
  try {
    return summarize(await run());
  } catch (error) {
    return summarizeError(error);
  }
}

/**
 * Every scenario of one adapter, as `[name, run]`. Specs go through an explicit registry
 * (`createRegistry([...])`), which is how apps resolve "provider:model" where packages cannot
 * be looked up at run time.
 */
function scenariosFor(adapter, config, registry) {
  const recordings = RECORDINGS[adapter];
  const spec = (recording) => `${adapter}:${recording}`;
  const options = { registry, maxRetries: 0 };
  const list = [
    ['text', () => settle(() => complete(ASK, spec(recordings.text), options))],
    ['fragmented tool call', () => settle(() => complete(ASK_WITH_TOOLS, spec(recordings.fragmented), options))],
    ['parallel tool calls', () => settle(() => complete(ASK_WITH_TOOLS, spec(recordings.parallel), options))],
    ['truncated stream', () => settle(() => complete(ASK, spec(recordings.truncated), options))],
    [
      '429 retried after Retry-After',
      // The first request gets 429 with Retry-After: 1; core waits and the second succeeds.
      () =>
        settle(() =>
          complete(ASK, spec(`${recordings.text}~status-429~retry-1~failfirst-1`), {
            registry,
            maxRetries: 2,
          }),
        ),
    ],
    [
      'abort reaches the server',
      async () => {
        // The server holds the stream open after its first events; the first token aborts.
        const controller = new AbortController();
        const stream = chatStream(ASK, spec(`${recordings.text}~stall-${config.stallAt[adapter]}`), {
          registry,
          signal: controller.signal,
          maxRetries: 0,
        });
        let tokens = '';
        try {
          for await (const event of stream) {
            if (event.type === 'token') {
              tokens += event.text;
              controller.abort();
            }
          }
          return { unexpected: 'the stream ended without the abort' };
        } catch (error) {
          return { ...summarizeError(error), sawToken: tokens.length > 0 };
        }
      },
    ],
  ];
  if (recordings.reasoning !== null) {
    list.push([
      'reasoning signature round-trips',
      async () => {
        const first = await complete(ASK, spec(recordings.reasoning), options);
        const again = { messages: [...ASK.messages, first, { role: 'user', content: 'And again?' }] };
        const second = await complete(again, spec(recordings.text), options);
        return { first: summarize(first), second: second.content };
      },
    ]);
  }
  return list;
}

/**
 * Runs the whole list and resolves with `{ "<adapter>/<scenario>": result }`. `config`:
 * `{ baseURLs: { openai, anthropic, google }, browser?, stallAt: { <adapter>: bytes } }`.
 */
export async function runScenarios(config) {
  const registry = createRegistry(createPlugins(config));
  const results = {};
  for (const adapter of ADAPTERS) {
    for (const [name, run] of scenariosFor(adapter, config, registry)) {
      try {
        results[`${adapter}/${name}`] = await run();
      } catch (error) {
        results[`${adapter}/${name}`] = { thrown: String(error?.stack ?? error) };
      }
    }
  }
  results['default registry'] = await defaultRegistryResult();
  return results;
}

/**
 * The default registry where the runtime cannot look packages up (browser, workers) must say
 * so and show the explicit form; where it can (Node, Bun, Deno), a bare spec resolves.
 */
async function defaultRegistryResult() {
  try {
    const registry = defaultRegistry();
    if (registry.prepare !== undefined) await registry.prepare('anthropic:text-basic');
    const model = registry.resolve('anthropic:text-basic');
    return { resolved: model.provider };
  } catch (error) {
    return {
      error: isLLMError(error) ? error.code : String(error),
      showsExplicitForm: /createRegistry\(\[/.test(String(error?.message)),
      oneLine: !String(error?.message).includes('\n'),
    };
  }
}
