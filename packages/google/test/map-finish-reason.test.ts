import { describe, expect, it } from 'vitest';
import { mapBlockReason, mapFinishReason } from '../src/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['CONTINUATION', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['IMAGE_SAFETY', 'content_filter'],
    ['IMAGE_PROHIBITED_CONTENT', 'content_filter'],
    ['IMAGE_RECITATION', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'error'],
    ['UNEXPECTED_TOOL_CALL', 'error'],
    ['TOO_MANY_TOOL_CALLS', 'error'],
    ['MISSING_THOUGHT_SIGNATURE', 'error'],
    ['FINISH_REASON_UNSPECIFIED', 'other'],
    ['LANGUAGE', 'other'],
    ['OTHER', 'other'],
    ['NO_IMAGE', 'other'],
    ['IMAGE_OTHER', 'other'],
    ['SOMETHING_NEW', 'other'],
    ['toString', 'other'],
    ['stop', 'other'],
  ])('maps %s to %s', (raw, expected) => {
    expect(mapFinishReason(raw)).toBe(expected);
  });
});

describe('mapBlockReason', () => {
  it.each(['SAFETY', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'IMAGE_SAFETY', 'BLOCKED_REASON_UNSPECIFIED'])(
    'maps a prompt blocked for %s to content_filter',
    (reason) => {
      expect(mapBlockReason(reason)).toBe('content_filter');
    },
  );
});
