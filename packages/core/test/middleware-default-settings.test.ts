import { type ChatCompletionRequest, complete, defaultSettings, wrapModel } from '@switchyard/core';
import { createScriptedModel, textChunks } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { request } from './helpers.js';

/** The request a model wrapped in `defaultSettings(settings)` receives for `sent`. */
async function received(
  settings: Parameters<typeof defaultSettings>[0],
  sent: ChatCompletionRequest,
): Promise<ChatCompletionRequest> {
  const model = createScriptedModel({ chunks: textChunks('ok') });
  await complete(sent, wrapModel(model, defaultSettings(settings)));
  return model.requests[0]!;
}

describe('defaultSettings', () => {
  it('fills the settings the request leaves unset', async () => {
    const got = await received({ temperature: 0.2, maxTokens: 100, topP: 0.9, stop: ['END'] }, request);
    expect(got).toMatchObject({ temperature: 0.2, maxTokens: 100, topP: 0.9, stop: ['END'] });
  });

  it('keeps what the request sets, zero and empty values included', async () => {
    const got = await received(
      { temperature: 0.7, maxTokens: 100, stop: ['END'] },
      { ...request, temperature: 0, stop: [] },
    );
    expect({ temperature: got.temperature, maxTokens: got.maxTokens, stop: got.stop }).toEqual({
      temperature: 0,
      maxTokens: 100,
      stop: [],
    });
  });

  it('merges providerOptions per provider and deeply, the request winning', async () => {
    const got = await received(
      {
        providerOptions: {
          openai: { store: false, metadata: { team: 'search', tier: 'a' }, include: ['x'] },
          anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } },
        },
      },
      { ...request, providerOptions: { openai: { metadata: { tier: 'b' }, include: ['y'] }, google: { seed: 1 } } },
    );
    expect(got.providerOptions).toEqual({
      openai: { store: false, metadata: { team: 'search', tier: 'b' }, include: ['y'] },
      anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } },
      google: { seed: 1 },
    });
  });

  it("never changes the caller's request or the defaults", async () => {
    const settings = { temperature: 0.3, providerOptions: { openai: { store: false } } };
    const sent: ChatCompletionRequest = { ...request, providerOptions: { openai: { user: 'u1' } } };
    const before = JSON.stringify({ settings, sent });
    await received(settings, sent);
    expect(JSON.stringify({ settings, sent })).toBe(before);
  });

  it('keeps a "__proto__" key from parsed JSON as a plain key', async () => {
    const own = JSON.parse('{"openai":{"__proto__":{"polluted":true}}}') as ChatCompletionRequest['providerOptions'];
    const got = await received({ providerOptions: { openai: { a: 1 } } }, { ...request, providerOptions: own });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(got.providerOptions!.openai!)).toEqual(['a', '__proto__']);
  });

  it('hands the same request on when there is nothing to fill', async () => {
    const middleware = defaultSettings({ temperature: 0.5 });
    const sent = { ...request, temperature: 1 };
    expect(await middleware.transformRequest!(sent, { provider: 'p', modelId: 'm' })).toBe(sent);
  });
});
