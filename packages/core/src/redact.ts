import { secretAt } from './secrets.js';

// Masking in one left-to-right scan, linear in the text: every check at a position either
// fails within a bounded number of characters (a prefix, a minimum length) or consumes what
// it scanned; whitespace after `Bearer` or a header name is scanned once per occurrence.
// No regular expression: the old `(?<=Bearer\s+)` look-behind rescanned whitespace runs.

/** Text past this many characters beyond the cut is never looked at (a masked value ending there is cut short). */
const LOOKAHEAD = 16 * 1024;

/** What `redactText` returns: the masked text and how many characters were cut off. */
export interface RedactedText {
  text: string;
  omitted: number;
}

/**
 * Masks registered secrets, key-shaped strings (`sk-…`, `sk-ant-…`, `AIza…`, `gsk_…`, `xai-…`),
 * `Bearer`/`Basic` credentials and the values of `authorization`, `x-api-key`, `api-key` and
 * `x-goog-api-key` headers written as text or JSON. Keeps the first `limit` characters of
 * `text` (a value that starts before the cut is masked whole).
 */
export function redactText(text: string, limit: number = Number.POSITIVE_INFINITY): RedactedText {
  const end = Math.min(text.length, limit);
  const window = text.length > end + LOOKAHEAD ? text.slice(0, end + LOOKAHEAD) : text;
  let out = '';
  let emitted = 0;
  let i = 0;
  while (i < end) {
    const match = matchAt(window, i);
    if (match === undefined) {
      i++;
      continue;
    }
    out += window.slice(emitted, match.start) + mask(window.slice(match.start, match.end));
    emitted = match.end;
    i = match.end;
  }
  const stop = Math.max(end, emitted);
  out += window.slice(emitted, stop);
  return { text: out, omitted: text.length - stop };
}

/** Masks secrets in the whole of `text` (see `redactText`). */
export function redactSecrets(text: string): string {
  return redactText(text).text;
}

/** Shows the first three characters of a long value (so two keys can be told apart), nothing of a short one. */
export function mask(secret: string): string {
  return secret.length >= 12 ? `${secret.slice(0, 3)}…[redacted]` : '[redacted]';
}

interface Match {
  start: number;
  end: number;
}

function matchAt(text: string, i: number): Match | undefined {
  const secret = secretAt(text, i);
  if (secret !== undefined) return { start: i, end: i + secret.length };
  if (i > 0 && isWordChar(text.charCodeAt(i - 1))) return undefined;
  const code = text.charCodeAt(i) | 0x20;
  // Dispatch on the first letter, lower-cased: most positions are rejected here.
  switch (code) {
    case 0x73 /* s */:
      return keyShape(text, i, 'sk-', 8);
    case 0x67 /* g */:
      return keyShape(text, i, 'gsk_', 20);
    case 0x78 /* x */:
      return (
        keyShape(text, i, 'xai-', 20) ?? headerValue(text, i, 'x-api-key') ?? headerValue(text, i, 'x-goog-api-key')
      );
    case 0x61 /* a */:
      return keyShape(text, i, 'AIza', 20) ?? headerValue(text, i, 'authorization') ?? headerValue(text, i, 'api-key');
    case 0x62 /* b */:
      return credential(text, i, 'bearer') ?? credential(text, i, 'basic');
    case 0x70 /* p */:
      return headerValue(text, i, 'proxy-authorization');
    default:
      return undefined;
  }
}

// A vendor key: a literal prefix, then at least `min` key characters (all of the run is masked).
function keyShape(text: string, i: number, prefix: string, min: number): Match | undefined {
  if (!text.startsWith(prefix, i)) return undefined;
  const start = i + prefix.length;
  let j = start;
  while (j < text.length && isKeyChar(text.charCodeAt(j))) j++;
  return j - start >= min ? { start: i, end: j } : undefined;
}

// `Bearer <token>` / `Basic <token>`: the scheme stays readable, a token of 8+ characters is masked.
function credential(text: string, i: number, scheme: string): Match | undefined {
  if (!startsWithIgnoreCase(text, i, scheme)) return undefined;
  let j = i + scheme.length;
  const afterScheme = j;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  if (j === afterScheme) return undefined;
  const start = j;
  while (j < text.length && isTokenChar(text.charCodeAt(j))) j++;
  return j - start >= 8 ? { start, end: j } : undefined;
}

// `name: value`, `name=value`, `"name": "value"`: the value is masked whatever its length. For
// `authorization: Bearer x` the scheme is kept and the credential after it masked.
function headerValue(text: string, i: number, name: string): Match | undefined {
  if (!startsWithIgnoreCase(text, i, name)) return undefined;
  let j = i + name.length;
  if (j < text.length && isWordChar(text.charCodeAt(j))) return undefined;
  if (isQuote(text.charCodeAt(j))) j++;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  const separator = text.charCodeAt(j);
  if (separator !== 0x3a /* : */ && separator !== 0x3d /* = */) return undefined;
  j++;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  if (isQuote(text.charCodeAt(j))) j++;
  const start = j;
  while (j < text.length && isValueChar(text.charCodeAt(j))) j++;
  if (j === start) return undefined;
  // A scheme word (`Bearer`, `Basic`, `Token` …) followed by blanks: mask what follows it.
  let k = j;
  while (k < text.length && isBlank(text.charCodeAt(k))) k++;
  if (k > j && j - start <= 10 && isLetters(text, start, j)) {
    const tokenStart = k;
    while (k < text.length && isValueChar(text.charCodeAt(k))) k++;
    if (k > tokenStart) return { start: tokenStart, end: k };
  }
  return { start, end: j };
}

function startsWithIgnoreCase(text: string, i: number, lower: string): boolean {
  if (i + lower.length > text.length) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(i + k);
    const l = lower.charCodeAt(k);
    if (c !== l && (c | 0x20) !== l) return false;
  }
  return true;
}

function isLetters(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

// Characters of vendor keys: letters, digits, `_` and `-`.
function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 0x2d;
}

// RFC 6750 token68 characters: letters, digits and `-._~+/=`.
function isTokenChar(c: number): boolean {
  return isKeyChar(c) || c === 0x2e || c === 0x7e || c === 0x2b || c === 0x2f || c === 0x3d;
}

// A header value in text or JSON ends at a blank, a quote, `,`, `;`, `}`, `&` or a control
// character (not at `]`, so that a mask, `…[redacted]`, is read whole and masking twice is a no-op).
function isValueChar(c: number): boolean {
  return c > 0x20 && c !== 0x22 && c !== 0x27 && c !== 0x2c && c !== 0x3b && c !== 0x7d && c !== 0x26;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27;
}
