/**
 * Whether a growing JSON text holds one whole object or array yet, decided by reading each
 * character once (never by parsing the whole text again): an interleaving server sends a
 * prefix of an object, which stays open until its last fragment arrives.
 */
export interface JsonScan {
  depth: number;
  inString: boolean;
  escaped: boolean;
  /** The outer object or array has closed, with only white space after it. */
  closed: boolean;
  /** The text cannot become one whole object or array (a primitive, or more after the close). */
  never: boolean;
}

export function createJsonScan(): JsonScan {
  return { depth: 0, inString: false, escaped: false, closed: false, never: false };
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Reads the next piece of the text; returns whether all read so far is one closed object or array. */
export function scanJson(scan: JsonScan, text: string): boolean {
  let i = 0;
  const length = text.length;
  let depth = scan.depth;
  let inString = scan.inString;
  let escaped = scan.escaped;
  let closed = scan.closed;
  let never = scan.never;
  for (; i < length && !never; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === BACKSLASH) escaped = true;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (isSpace(code)) continue;
    if (closed) {
      closed = false;
      never = true;
    } else if (depth === 0 && code !== OPEN_BRACE && code !== OPEN_BRACKET) {
      never = true;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) closed = true;
    }
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.escaped = escaped;
  scan.closed = closed;
  scan.never = never;
  return closed;
}
