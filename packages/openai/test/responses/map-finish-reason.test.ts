import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../../src/responses/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['completed', undefined, false, false, 'stop', 'completed'],
    ['completed', undefined, true, false, 'tool_calls', 'completed'],
    ['completed', undefined, false, true, 'content_filter', 'completed'],
    ['incomplete', 'max_output_tokens', false, false, 'length', 'incomplete:max_output_tokens'],
    ['incomplete', 'content_filter', false, false, 'content_filter', 'incomplete:content_filter'],
    ['incomplete', 'something_new', false, false, 'other', 'incomplete:something_new'],
    ['incomplete', undefined, false, false, 'other', 'incomplete'],
    ['cancelled', undefined, false, false, 'other', 'cancelled'],
  ] as const)('%s (%s, calls %s, refused %s) is %s', (status, reason, calls, refused, finishReason, raw) => {
    expect(mapFinishReason(status, reason, calls, refused)).toEqual({ finishReason, rawFinishReason: raw });
  });
});
