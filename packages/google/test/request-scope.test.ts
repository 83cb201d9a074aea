import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRequestScope } from '../src/request-scope.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('openRequestScope', () => {
  it('aborts when the caller aborts', () => {
    const caller = new AbortController();
    const scope = openRequestScope(caller.signal, undefined);
    expect(scope.signal.aborted).toBe(false);
    caller.abort();
    expect(scope.signal.aborted).toBe(true);
    expect(scope.timedOut).toBe(false);
  });

  it('starts aborted when the caller already aborted', () => {
    const caller = new AbortController();
    caller.abort();
    expect(openRequestScope(caller.signal, 1000).signal.aborted).toBe(true);
  });

  it('aborts and says so when the timeout elapses', () => {
    vi.useFakeTimers();
    const scope = openRequestScope(undefined, 500);
    vi.advanceTimersByTime(499);
    expect(scope.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.timedOut).toBe(true);
  });

  it('aborts when closed before the request completed (the consumer left)', () => {
    const scope = openRequestScope(undefined, undefined);
    scope.close(false);
    expect(scope.signal.aborted).toBe(true);
  });

  it('releases the timer and the caller listener when the request completed', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const scope = openRequestScope(caller.signal, 500);
    scope.close(true);
    vi.advanceTimersByTime(1000);
    caller.abort();
    expect(scope.signal.aborted).toBe(false);
    expect(scope.timedOut).toBe(false);
  });
});
