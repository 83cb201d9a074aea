const CR = 0x0d;
const LF = 0x0a;

/**
 * Byte offsets just after each SSE event's terminating blank line. Lines may end in CRLF,
 * LF or CR (the SSE spec allows all three; Gemini uses CRLF). Runs of blank lines end one
 * event, so every returned offset follows an event with content.
 */
export function eventBoundaries(body: Uint8Array): number[] {
  const boundaries: number[] = [];
  let lineLength = 0;
  let eventHasContent = false;
  let i = 0;
  while (i < body.length) {
    const byte = body[i];
    if (byte === CR || byte === LF) {
      i += byte === CR && body[i + 1] === LF ? 2 : 1;
      if (lineLength > 0) eventHasContent = true;
      else if (eventHasContent) {
        boundaries.push(i);
        eventHasContent = false;
      }
      lineLength = 0;
    } else {
      lineLength++;
      i++;
    }
  }
  return boundaries;
}

/** Splits a body at its event boundaries, bytes unchanged; a trailing partial event is its own piece. */
export function splitEvents(body: Buffer): Buffer[] {
  return splitAt(body, eventBoundaries(body));
}

/** Splits `body` at the given increasing offsets; empty pieces are dropped. */
export function splitAt(body: Buffer, offsets: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (const offset of offsets) {
    if (offset > start && offset <= body.length) {
      pieces.push(body.subarray(start, offset));
      start = offset;
    }
  }
  if (start < body.length) pieces.push(body.subarray(start));
  return pieces;
}
