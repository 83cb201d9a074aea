import type { FinishReason } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../src/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each<[string, FinishReason]>([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['eos', 'stop'],
    ['model_length', 'length'],
    ['error', 'error'],
    ['abort', 'other'],
    ['recitation', 'other'],
    ['STOP', 'other'],
    ['', 'other'],
  ])('maps finish_reason %j to %j', (raw, expected) => {
    expect(mapFinishReason(raw)).toBe(expected);
  });

  it('never reports an unknown finish reason as stop', () => {
    for (const raw of ['end_turn', 'stop_sequence', 'max_tokens', 'unknown', 'Stop']) {
      expect(mapFinishReason(raw)).toBe('other');
    }
  });
});
