// Standard base64 (RFC 4648 §4, with padding), written out so that core needs neither
// `Buffer` nor a dependency, and stays linear on large images: the output is built in
// fixed-size chunks of character codes, never one string concatenation per byte.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES: Uint8Array = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const PAD = 61; // '='
// Bytes per chunk: a multiple of 3 so only the last chunk is padded.
const CHUNK_BYTES = 3 * 65_536;
// Where TextDecoder is missing, `String.fromCharCode.apply` must stay below argument limits.
const SMALL_CHUNK_BYTES = 3 * 8_192;
// The codes are ASCII, which every single-byte decoding maps to itself.
const decoder: TextDecoder | undefined = typeof TextDecoder === 'function' ? new TextDecoder('latin1') : undefined;

/** The base64 text of `bytes` (standard alphabet, padded). Linear in time and memory. */
export function bytesToBase64(bytes: Uint8Array): string {
  const length = bytes.length;
  const chunk = decoder === undefined ? SMALL_CHUNK_BYTES : CHUNK_BYTES;
  const codes = new Uint8Array(Math.ceil(Math.min(length, chunk) / 3) * 4);
  let out = '';
  for (let start = 0; start < length; start += chunk) {
    const end = Math.min(start + chunk, length);
    let n = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes[n++] = CODES[triple >>> 18]!;
      codes[n++] = CODES[(triple >>> 12) & 63]!;
      codes[n++] = CODES[(triple >>> 6) & 63]!;
      codes[n++] = CODES[triple & 63]!;
    }
    const rest = end - i;
    if (rest === 1) {
      const b0 = bytes[i]!;
      codes[n++] = CODES[b0 >>> 2]!;
      codes[n++] = CODES[(b0 & 3) << 4]!;
      codes[n++] = PAD;
      codes[n++] = PAD;
    } else if (rest === 2) {
      const b0 = bytes[i]!;
      const b1 = bytes[i + 1]!;
      codes[n++] = CODES[b0 >>> 2]!;
      codes[n++] = CODES[((b0 & 3) << 4) | (b1 >>> 4)]!;
      codes[n++] = CODES[(b1 & 15) << 2]!;
      codes[n++] = PAD;
    }
    const view = codes.subarray(0, n);
    out += decoder === undefined ? String.fromCharCode.apply(null, view as unknown as number[]) : decoder.decode(view);
  }
  return out;
}

/**
 * Binary data as bytes: a `Uint8Array` (Node's `Buffer` is one) as it is, an `ArrayBuffer` or
 * any other typed-array view over its bytes; `undefined` for anything else.
 */
export function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  // A SharedArrayBuffer or an ArrayBuffer from another realm (an iframe, a vm context).
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  return undefined;
}
