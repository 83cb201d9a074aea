import {
  type ChatChunk,
  type ChatCompletionRequest,
  CORE_CONTRACT_VERSION,
  complete,
  createRegistry,
  LLMError,
  type Middleware,
  type ProviderPlugin,
  streamChatCompletion,
  wrapModel,
  wrapRegistry,
} from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { countingModel, fastRetry, finish, rejectionOf, request, serverError, text } from './helpers.js';

async function drain(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

/** A middleware that records the order in which its members ran, under `name`. */
function tracer(name: string, log: string[]): Middleware {
  return {
    transformRequest(req) {
      log.push(`${name}.transform`);
      return { ...req, messages: [...req.messages, { role: 'user', content: name }] };
    },
    async *wrapStream(stream) {
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content;
        yield content === undefined ? chunk : text(`${content}+${name}`);
      }
    },
  };
}

describe('wrapModel', () => {
  it('keeps the provider and model id of the wrapped model', () => {
    const model = createScriptedModel({ provider: 'acme', modelId: 'm-1' });
    const wrapped = wrapModel(model, { transformRequest: (req) => req });
    expect({ provider: wrapped.provider, modelId: wrapped.modelId }).toEqual({ provider: 'acme', modelId: 'm-1' });
  });

  it('sends the transformed request, sync or async', async () => {
    const model = createScriptedModel({ chunks: textChunks('ok') });
    const sync = wrapModel(model, { transformRequest: (req) => ({ ...req, temperature: 0.1 }) });
    const async = wrapModel(model, { transformRequest: async (req) => ({ ...req, maxTokens: 7 }) });
    await complete(request, sync);
    await complete(request, async);
    expect(model.requests.map((r) => [r.temperature, r.maxTokens])).toEqual([
      [0.1, undefined],
      [undefined, 7],
    ]);
  });

  it('passes provider and model id to transformRequest, and the sent request to wrapStream', async () => {
    const model = createScriptedModel({ provider: 'acme', modelId: 'm-1', chunks: textChunks('ok') });
    const seen: unknown[] = [];
    const wrapped = wrapModel(model, {
      transformRequest(req, context) {
        seen.push(context);
        return { ...req, seed: 3 };
      },
      wrapStream(stream, context) {
        seen.push({ provider: context.provider, modelId: context.modelId, seed: context.request.seed });
        return stream;
      },
    });
    await complete(request, wrapped);
    expect(seen).toEqual([
      { provider: 'acme', modelId: 'm-1' },
      { provider: 'acme', modelId: 'm-1', seed: 3 },
    ]);
  });

  it("gives wrapStream the attempt's signal, which aborts with the caller's", async () => {
    const model = createScriptedModel({ chunks: textChunks('abcdef', { size: 1 }) });
    const controller = new AbortController();
    const aborted: boolean[] = [];
    const wrapped = wrapModel(model, {
      async *wrapStream(stream, { signal }) {
        try {
          yield* stream;
        } finally {
          aborted.push(signal?.aborted === true);
        }
      },
    });
    const run = streamChatCompletion(request, { onToken: () => controller.abort() }, wrapped, {
      signal: controller.signal,
    });
    expect((await rejectionOf(run)).code).toBe('aborted');
    expect(aborted).toEqual([true]);
  });

  it('runs the first middleware outermost: its transform first, its stream wrapper last', async () => {
    const log: string[] = [];
    const model = createScriptedModel({ chunks: [text('x'), finish()] });
    const wrapped = wrapModel(model, [tracer('a', log), tracer('b', log)]);
    const message = await complete(request, wrapped);
    expect(log).toEqual(['a.transform', 'b.transform']);
    expect(model.requests[0]!.messages.map((m) => m.content)).toEqual(['hi', 'a', 'b']);
    expect(message.content).toBe('x+b+a');
  });

  it('nests the same way when wrapped twice', async () => {
    const log: string[] = [];
    const model = createScriptedModel({ chunks: [text('x'), finish()] });
    const wrapped = wrapModel(wrapModel(model, tracer('b', log)), tracer('a', log));
    expect((await complete(request, wrapped)).content).toBe('x+b+a');
    expect(log).toEqual(['a.transform', 'b.transform']);
  });

  it('returns the model itself when no middleware does anything', () => {
    const model = createScriptedModel();
    expect(wrapModel(model, [])).toBe(model);
    expect(wrapModel(model, [{}, {}])).toBe(model);
  });

  it('hands the inner stream on untouched when the middleware has no wrapStream', async () => {
    const innerIterator: AsyncIterator<ChatChunk> = { next: async () => ({ done: true, value: undefined }) };
    const inner: AsyncIterable<ChatChunk> = { [Symbol.asyncIterator]: () => innerIterator };
    const model = { provider: 'p', modelId: 'm', createChatCompletionStream: () => inner };
    const wrapped = wrapModel(model, { transformRequest: (req) => req });
    const iterator = wrapped.createChatCompletionStream(request)[Symbol.asyncIterator]();
    // The iterator handed out is the inner one: no wrapper generator in between.
    expect(iterator).toBe(innerIterator);
    expect(await drain(wrapped.createChatCompletionStream(request))).toEqual([]);
  });

  it('closes the inner stream when the consumer leaves early (sync and async transforms)', async () => {
    for (const transformRequest of [(req: ChatCompletionRequest) => req, async (req: ChatCompletionRequest) => req]) {
      const model = countingModel([text('a'), text('b'), text('c'), finish()]);
      const wrapped = wrapModel(model, { transformRequest });
      for await (const _chunk of wrapped.createChatCompletionStream(request)) break;
      expect({ pulled: model.pulled, closed: model.closed }).toEqual({ pulled: 1, closed: true });
    }
  });

  it('closes the inner stream on abort through a stream wrapper', async () => {
    const model = createScriptedModel({ chunks: textChunks('abcdefgh', { size: 1 }), delayMs: 5 });
    const controller = new AbortController();
    const wrapped = wrapModel(model, {
      async *wrapStream(stream) {
        yield* stream;
      },
    });
    const run = streamChatCompletion(request, { onToken: () => controller.abort() }, wrapped, {
      signal: controller.signal,
    });
    expect((await rejectionOf(run)).code).toBe('aborted');
    expect(model.closedEarly).toBe(1);
  });

  it('lets a transform error fail the call like a stream error', async () => {
    const model = createScriptedModel({ chunks: textChunks('ok') });
    const wrapped = wrapModel(model, {
      transformRequest() {
        throw new LLMError('no', { code: 'invalid_request' });
      },
    });
    expect((await rejectionOf(complete(request, wrapped))).code).toBe('invalid_request');
    expect(model.requests).toHaveLength(0);
  });

  it('runs again on every retry', async () => {
    const model = createScriptedModel({ attempts: [{ error: serverError() }, { chunks: textChunks('ok') }] });
    let transforms = 0;
    const wrapped = wrapModel(model, {
      transformRequest(req) {
        transforms += 1;
        return req;
      },
    });
    expect((await complete(request, wrapped, { retryDelay: fastRetry })).content).toBe('ok');
    expect(transforms).toBe(2);
  });
});

describe('wrapRegistry', () => {
  function plugin(name: string, chunks: ChatChunk[]): ProviderPlugin & { requests: ChatCompletionRequest[] } {
    const requests: ChatCompletionRequest[] = [];
    return {
      name,
      contractVersion: CORE_CONTRACT_VERSION,
      requests,
      languageModel(modelId) {
        const model = createScriptedModel({ provider: name, modelId, chunks });
        return {
          provider: name,
          modelId,
          createChatCompletionStream(req, options) {
            requests.push(req);
            return model.createChatCompletionStream(req, options);
          },
        };
      },
    };
  }

  it('wraps every model resolved from a spec string, aliases and fallbacks included', async () => {
    const acme = plugin('acme', textChunks('ok'));
    const registry = wrapRegistry(createRegistry([acme]), { transformRequest: (req) => ({ ...req, temperature: 0 }) });
    registry.alias('fast', 'acme:small');
    await complete(request, 'acme:large', { registry });
    await complete(request, 'fast', { registry });
    expect(acme.requests.map((r) => r.temperature)).toEqual([0, 0]);
    expect(registry.resolve('fast').modelId).toBe('small');
  });

  it('shares plugins and aliases with the registry it wraps', () => {
    const base = createRegistry();
    const registry = wrapRegistry(base, {});
    registry.register(plugin('acme', []));
    base.alias('a', 'acme:x');
    expect(base.providers()).toEqual(['acme']);
    expect(registry.resolve('a').provider).toBe('acme');
  });

  it("keeps the wrapped registry's prepare", async () => {
    const prepared: string[] = [];
    const base = {
      ...createRegistry([plugin('acme', textChunks('ok'))]),
      prepare: async (spec: string) => void prepared.push(spec),
    };
    const registry = wrapRegistry(base, {});
    await complete(request, 'acme:m', { registry });
    expect(prepared).toEqual(['acme:m']);
  });
});
