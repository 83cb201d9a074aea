import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../src/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
    ['a_reason_from_the_future', 'other'],
    ['', 'other'],
    [null, 'other'],
    [undefined, 'other'],
  ] as const)('maps stop_reason %j to %j', (stopReason, expected) => {
    expect(mapFinishReason(stopReason)).toBe(expected);
  });

  it('never reports an unknown ending as a clean stop', () => {
    for (const reason of ['unknown', 'error', 'END_TURN', null]) expect(mapFinishReason(reason)).not.toBe('stop');
  });
});
