import { describe, expect, it } from 'vitest';
import { parseModel } from '../src/parse-mode.js';

describe('parseModel', () => {
  it('reads a bare scenario as events mode', () => {
    expect(parseModel('text')).toEqual({
      ok: true,
      value: { scenario: 'text', modes: { write: { kind: 'events' }, contextLength: false, quota: false } },
    });
  });

  it.each([
    ['text~events', { write: { kind: 'events' } }],
    ['text~bytes-7', { write: { kind: 'bytes', seed: 7 } }],
    ['text~cut-120', { cutAt: 120 }],
    ['text~stall-0', { stallAt: 0 }],
    ['text~status-503', { status: 503 }],
    ['text~status-400~ctx', { status: 400, contextLength: true }],
    ['text~ctx', { status: 400, contextLength: true }],
    ['text~status-429~quota', { status: 429, quota: true }],
    ['text~status-429~retry-2', { status: 429, retryAfterSeconds: 2 }],
    ['text~status-429~retry-0.05', { status: 429, retryAfterSeconds: 0.05 }],
    ['text~status-503~failfirst-2', { status: 503, failFirst: 2 }],
    ['text~bytes-3~cut-40', { write: { kind: 'bytes', seed: 3 }, cutAt: 40 }],
  ])('parses %s', (model, expected) => {
    const result = parseModel(model);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.modes).toMatchObject(expected);
  });

  it.each([
    ['text~fast', 'unknown mode "fast"'],
    ['text~bytes-x', 'unknown mode'],
    ['text~cut-1.5', 'whole number'],
    ['text~status-200', 'error status'],
    ['text~cut-3~stall-4', 'both cut and stall'],
    ['text~events~bytes-1', 'contradicts'],
    ['text~cut-1~cut-2', 'repeats'],
    ['text~failfirst-2', 'failfirst needs status'],
    ['text~status-500~ctx', 'ctx goes with status-400'],
    ['text~status-500~quota', 'quota goes with status-429'],
    ['text~ctx~quota', 'both ctx and quota'],
    ['../etc~events', 'not a scenario name'],
    ['', 'not a scenario name'],
  ])('rejects %s', (model, reason) => {
    const result = parseModel(model);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(reason);
      expect(result.message).toContain('modes: events, bytes-<seed>');
    }
  });
});
