import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LLMError, redactSecrets, registerHeaderSecrets, registerSecret } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('registered secrets', () => {
  it.each(['k3y!', 'short1', 'abc1234'])('masks a registered key shorter than 8 characters: %j', (key) => {
    registerSecret(key);
    const error = new LLMError(`rejected key ${key} for this project`, { code: 'auth' });
    expect([error.message, JSON.stringify(error)].join('\n')).not.toContain(key);
  });

  it('ignores values of 1 to 3 characters, which would mask ordinary words', () => {
    registerSecret('ab');
    expect(redactSecrets('a tab')).toBe('a tab');
  });

  it('masks the longest registered value that matches', () => {
    registerSecret('overlap-secret');
    registerSecret('overlap-secret-with-more');
    expect(redactSecrets('x overlap-secret-with-more y')).toBe('x ove…[redacted] y');
  });

  it('masks every header value but the protocol headers', () => {
    registerHeaderSecrets({
      'x-proxy-token': 'secret-proxy-token-1',
      'anthropic-version': '2023-06-01',
      'x-gateway-key': 'gw-42xy',
    });
    const masked = redactSecrets('proxy secret-proxy-token-1 gateway gw-42xy version 2023-06-01');
    expect(masked).toBe('proxy sec…[redacted] gateway [redacted] version 2023-06-01');
  });

  it('forgets a secret once its owner (a dropped client) is garbage collected', async () => {
    const secret = `scoped-secret-${Math.random().toString(36).slice(2)}`;
    (() => {
      registerSecret(secret, {});
    })();
    expect(redactSecrets(secret)).not.toBe(secret);
    for (let round = 0; round < 50 && redactSecrets(secret) !== secret; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(redactSecrets(secret)).toBe(secret);
  });

  it('keeps a secret while any owner of it is alive', async () => {
    const secret = 'shared-secret-of-two-clients';
    const alive = {};
    registerSecret(secret, alive);
    (() => {
      registerSecret(secret, {});
    })();
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(redactSecrets(secret)).not.toBe(secret);
    expect(alive).toBeDefined();
  });

  it('does not grow with clients that were created and dropped', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `dropped-client-key-${i}-${Math.random()}`);
    (() => {
      for (const key of keys) registerSecret(key, {});
    })();
    const stillMasked = (): number => keys.filter((key) => redactSecrets(key) !== key).length;
    expect(stillMasked()).toBe(1000);
    for (let round = 0; round < 50 && stillMasked() > 0; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stillMasked()).toBe(0);
  });
});

describe('masking cost does not depend on how many secrets are registered', () => {
  // An error text with key-like content, as vendors send back.
  const text = `401: Incorrect API key provided: sk-proj-${'Ab3dEf9h'.repeat(8)}. ${'Details of the request. '.repeat(80)}`;

  // CPU milliseconds per error, the fastest of a few runs (CPU time keeps a busy machine out of it).
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  function perCall(): number {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 7; run++) {
      let calls = 0;
      const start = cpuMs();
      let elapsed = 0;
      do {
        new LLMError(text, { code: 'auth' });
        calls++;
        elapsed = cpuMs() - start;
      } while (elapsed < 10);
      best = Math.min(best, elapsed / calls);
    }
    return best;
  }

  it('builds an error about as fast with 100k keys of dropped clients as with one', () => {
    registerSecret('sk-proj-the-one-live-key-000000000000');
    perCall();
    const one = perCall();
    const owners: object[] = [];
    for (let i = 0; i < 100_000; i++) {
      const owner = {};
      registerSecret(`sk-proj-${i.toString(36).padStart(8, '0')}${Math.random().toString(36).slice(2)}`, owner);
      if (i % 2 === 0) owners.push(owner);
    }
    // The first runs after registering pay for the collector finalizing the dropped owners
    // (process CPU counts its threads): measure once that work has settled.
    perCall();
    const many = perCall();
    expect(many / one).toBeLessThan(5);
    expect(owners.length).toBe(50_000);
  });
});
