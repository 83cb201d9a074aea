import { isLLMError, type LLMError } from '@switchyard/core';

/** Reads a stream to its end, dropping what it yields. */
export async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of iterable) {
    // consume
  }
}

/** The `LLMError` that `run` rejects with; fails the test when it resolves or throws anything else. */
export async function failure(run: () => Promise<unknown>): Promise<LLMError> {
  try {
    await run();
  } catch (error) {
    if (isLLMError(error)) return error;
    throw new Error(`expected an LLMError, got ${String(error)}`);
  }
  throw new Error('expected a failure');
}
