import type { Message } from './types/message.js';

/**
 * What a vendor accepts as a tool call id (Anthropic: `^[a-zA-Z0-9_-]+$`; OpenAI: at most
 * 40 characters; Mistral: exactly 9 letters or digits).
 */
export interface ToolCallIdGrammar {
  /** `'any'`: any characters; `'word'`: A–Z a–z 0–9 `_` `-`; `'alphanumeric'`: A–Z a–z 0–9. */
  readonly charset: 'any' | 'word' | 'alphanumeric';
  /** The longest id accepted (`Infinity` for no limit). */
  readonly maxLength: number;
  /** The one length accepted, when the vendor fixes it. */
  readonly length?: number;
}

/** Whether `id` is accepted as it is by a vendor with this grammar. */
export function fitsToolCallIdGrammar(id: string, grammar: ToolCallIdGrammar): boolean {
  const length = id.length;
  if (length === 0 || length > grammar.maxLength) return false;
  if (grammar.length !== undefined && length !== grammar.length) return false;
  if (grammar.charset === 'any') return true;
  const word = grammar.charset === 'word';
  for (let i = 0; i < length; i++) {
    const code = id.charCodeAt(i);
    const alphanumeric = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!alphanumeric && !(word && (code === 95 || code === 45))) return false;
  }
  return true;
}

/** Maps one tool call id of a request to the id sent. */
export type ToolCallIdMapper = (id: string) => string;

const IDENTITY: ToolCallIdMapper = (id) => id;

/**
 * Re-maps the tool call ids of one request to fit `grammar`. An id that fits is sent as it
 * is. Any other id gets one derived from its hash, so the same id becomes the same new id in
 * the assistant's call and in the tool result, and again in every later request of the
 * conversation; a derived id never equals another id of the request. Without anything to
 * re-map (the usual case) the mapper is the identity and nothing is allocated.
 */
export function toolCallIdMapper(messages: readonly Message[], grammar: ToolCallIdGrammar): ToolCallIdMapper {
  let misfits: string[] | undefined;
  const ids = new Set<string>();
  const note = (id: unknown): void => {
    if (typeof id !== 'string' || ids.has(id)) return;
    ids.add(id);
    if (fitsToolCallIdGrammar(id, grammar)) return;
    misfits ??= [];
    misfits.push(id);
  };
  for (const message of messages) {
    if (message.role === 'tool') note(message.toolCallId);
    else if (message.role === 'assistant' && message.toolCalls !== undefined) {
      for (const call of message.toolCalls) note(call.id);
    }
  }
  if (misfits === undefined) return IDENTITY;
  const mapped = new Map<string, string>();
  for (const id of misfits) {
    let seed = 0;
    let candidate = deriveId(id, seed, grammar);
    // Deterministic probing: a clash (practically never) moves on to the next seed.
    while (ids.has(candidate)) candidate = deriveId(id, ++seed, grammar);
    ids.add(candidate);
    mapped.set(id, candidate);
  }
  return (id) => mapped.get(id) ?? id;
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 16 base-62 digits (about 95 bits) when the grammar leaves the length free.
const FREE_LENGTH = 16;
const PREFIX = 'call_';

function deriveId(id: string, seed: number, grammar: ToolCallIdGrammar): string {
  const length = grammar.length ?? Math.min(FREE_LENGTH, grammar.maxLength);
  let digits = '';
  for (let block = 0; digits.length < length; block++) digits += base62(hash53(id, seed * 131 + block), 9);
  digits = digits.slice(0, length);
  const prefixed = PREFIX + digits;
  return grammar.length === undefined && grammar.charset !== 'alphanumeric' && prefixed.length <= grammar.maxLength
    ? prefixed
    : digits;
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    text += DIGITS[rest % 62];
    rest = Math.floor(rest / 62);
  }
  return text;
}

// cyrb53: a fast 53-bit string hash, stable across runtimes (no crypto needed: the ids are
// not secrets, they only have to be stable and spread).
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
