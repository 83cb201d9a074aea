import { describe, expect, it } from 'vitest';
import { primaryRecording, representativeRecordings } from '../src/pick-scenarios.js';
import type { ExpectedResult, Recording } from '../src/types.js';

const recording = (scenario: string, expected: ExpectedResult): Recording => ({
  vendor: 'openai',
  scenario,
  body: Buffer.alloc(0),
  description: '',
  expected,
});

const all = [
  recording('_smoke-text', { content: 'x' }),
  recording('error', { content: 'a', error: { code: 'server' } }),
  recording('reasoning', { content: 'b', reasoning: 'r' }),
  recording('text', { content: 'c' }),
  recording('tools', { content: '', toolCalls: [{ id: 'a', name: 'f' }] }),
];

describe('representativeRecordings', () => {
  it('picks tool calls, reasoning and plain text, never an error recording', () => {
    expect(representativeRecordings(all).map((r) => r.scenario)).toEqual(['tools', 'reasoning', 'text']);
  });

  it('falls back to what there is', () => {
    expect(representativeRecordings(all.slice(0, 2)).map((r) => r.scenario)).toEqual(['_smoke-text']);
  });
});

describe('primaryRecording', () => {
  it('prefers a real plain-text recording over a helper one', () => {
    expect(primaryRecording(all)?.scenario).toBe('text');
    expect(primaryRecording(all.slice(0, 2))?.scenario).toBe('_smoke-text');
    expect(primaryRecording([all[1]!])).toBeUndefined();
  });
});
