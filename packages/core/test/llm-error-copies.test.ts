import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isLLMError, LLMError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

// The built package, as an app gets it: CommonJS and ESM copies of core side by side (a CJS
// app whose adapter loads core's ESM build). Needs `pnpm --filter @switchyard/core build`.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

type Core = { LLMError: typeof LLMError; isLLMError: typeof isLLMError };

describe('LLMError across copies of core', () => {
  async function copies(): Promise<{ cjs: Core; esm: Core }> {
    const cjs = createRequire(import.meta.url)(`${dist}index.cjs`) as Core;
    const esm = (await import(pathToFileURL(`${dist}index.mjs`).href)) as Core;
    return { cjs, esm };
  }

  it('loads two distinct classes (the situation the brand exists for)', async () => {
    const { cjs, esm } = await copies();
    expect(cjs.LLMError).not.toBe(esm.LLMError);
  });

  it('holds instanceof both ways between the CommonJS and ESM builds', async () => {
    const { cjs, esm } = await copies();
    const fromCjs = new cjs.LLMError('x', { code: 'server' });
    const fromEsm = new esm.LLMError('x', { code: 'server' });
    expect(fromCjs instanceof esm.LLMError).toBe(true);
    expect(fromEsm instanceof cjs.LLMError).toBe(true);
    expect(fromCjs instanceof LLMError).toBe(true);
    expect(new LLMError('x', { code: 'server' }) instanceof cjs.LLMError).toBe(true);
    expect(esm.isLLMError(fromCjs) && cjs.isLLMError(fromEsm) && isLLMError(fromCjs)).toBe(true);
  });

  it('does not let a plain Error pass as an LLMError of either copy', async () => {
    const { cjs, esm } = await copies();
    const plain = new Error('x');
    expect([plain instanceof cjs.LLMError, plain instanceof esm.LLMError, plain instanceof LLMError]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('keeps an LLMError of another copy as the cause without copying it', async () => {
    const { cjs } = await copies();
    const inner = new cjs.LLMError('inner', { code: 'server' });
    expect(new LLMError('outer', { code: 'server', cause: inner }).cause).toBe(inner);
  });
});

describe('LLMError subclasses', () => {
  it('keeps ordinary instanceof for a subclass', () => {
    class MyError extends LLMError {}
    expect(new MyError('x', { code: 'server' }) instanceof MyError).toBe(true);
    expect(new LLMError('x', { code: 'server' }) instanceof MyError).toBe(false);
    expect(new MyError('x', { code: 'server' }) instanceof LLMError).toBe(true);
  });
});
