import { LLMError } from './errors.js';

/** One server-sent event, or the raw tail of a body that stopped being an event stream. */
export interface SseEvent {
  /** The `event:` name; `undefined` when the event had none (or for a raw tail). */
  event: string | undefined;
  /** The `data:` lines joined with `\n`; for a raw tail, the text itself. */
  data: string;
  /** The last `id:` seen in this event. */
  id: string | undefined;
  /**
   * True for bytes that are not SSE: a line beginning with `{` or `[` where an event would
   * begin, and everything after it. Gemini sends an error that way after (or instead of)
   * its events; a plain JSON error body arrives the same way.
   */
  raw: boolean;
  /**
   * True for the last event when the body ended without the blank line after it (and for a
   * raw tail): it may be cut short. Data that then does not parse is a truncated stream,
   * not a malformed event.
   */
  unterminated: boolean;
}

export interface SseDecoderOptions {
  /**
   * The largest line, event or raw tail accepted, in decoded characters (a UTF-8 byte never
   * decodes to more than one; each `data:` line of an event also counts 16 for its
   * bookkeeping). Larger ones end the stream with a `server` `LLMError` instead of growing
   * memory. Default 16 MiB.
   */
  maxEventBytes?: number;
  /** The provider named in errors (default `"core"`). */
  provider?: string;
}

/** An incremental SSE decoder: bytes in, complete events appended to `out`. */
export interface SseDecoder {
  /** Decodes the next bytes of the body; complete events are pushed to `out`. */
  push(bytes: Uint8Array, out: SseEvent[]): void;
  /** The body ended: the last line and an event without its blank line are pushed to `out`. */
  end(out: SseEvent[]): void;
}

/** The default of `maxEventBytes`: 16 MiB, far above any real event, far below the heap. */
export const DEFAULT_MAX_EVENT_BYTES: number = 16 * 1024 * 1024;

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const BRACE = 123;
const BRACKET = 91;
// What one `data:` line of an event costs beyond its text (its slot and string header): a
// flood of empty `data:` lines is bounded by the cap too, not only by its text.
const LINE_COST = 16;

/**
 * Creates a decoder for one body. Linear in the input: a line split across many pushes is
 * kept as pieces and joined once, comment lines are dropped as they arrive, and no line,
 * event or raw tail may grow past `maxEventBytes`. `\n`, `\r` and `\r\n` end lines, also
 * when `\r` ends one push and `\n` starts the next; UTF-8 is decoded across any split.
 */
export function createSseDecoder(options: SseDecoderOptions = {}): SseDecoder {
  const max = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const provider = options.provider ?? 'core';
  const decoder = new TextDecoder('utf-8');
  // The line in progress: pieces from earlier pushes, joined when the line ends.
  const pieces: string[] = [];
  let pieceLength = 0;
  let inComment = false;
  let skipLF = false;
  let raw = false;
  // The event in progress.
  // The event's `data:` lines: the first on its own (almost every event has one), the rest
  // in an array that is touched only by multi-line events.
  let dataCount = 0;
  let firstData = '';
  const moreData: string[] = [];
  let dataLength = 0;
  let eventName: string | undefined;
  let eventId: string | undefined;
  let lastName = '';

  function tooLarge(what: string): LLMError {
    return new LLMError(
      `${provider}: the server sent ${what} larger than ${max} characters, so the stream was stopped before it could exhaust memory. If the server is trusted and the events really are this large, raise \`maxEventBytes\`.`,
      { code: 'server', provider, retryable: false },
    );
  }

  function dispatch(out: SseEvent[], unterminated: boolean): void {
    if (dataCount > 0) {
      const data = dataCount === 1 ? firstData : `${firstData}\n${moreData.join('\n')}`;
      out.push({ event: eventName, data, id: eventId, raw: false, unterminated });
    }
    if (dataCount > 1) moreData.length = 0;
    dataCount = 0;
    firstData = '';
    dataLength = 0;
    eventName = undefined;
    eventId = undefined;
  }

  // One line, `text[from, to)`: read in place, so that a line is never copied before its
  // value is (the common `data:` line costs one slice).
  function line(text: string, from: number, to: number, out: SseEvent[]): void {
    if (to === from) {
      dispatch(out, false);
      return;
    }
    // Searched within the line only: `indexOf` could run on to the end of the chunk on every
    // colon-less line (quadratic on a hostile body).
    let colon = from;
    while (colon < to && text.charCodeAt(colon) !== COLON) colon++;
    const fieldLength = colon - from;
    let valueStart = colon + 1;
    if (valueStart < to && text.charCodeAt(valueStart) === SPACE) valueStart++;
    if (fieldLength === 4 && text.startsWith('data', from)) {
      const length = valueStart < to ? to - valueStart : 0;
      dataLength += length + LINE_COST;
      if (dataLength > max) throw tooLarge('an event');
      const value = length === 0 ? '' : text.slice(valueStart, to);
      if (dataCount === 0) firstData = value;
      else moreData.push(value);
      dataCount++;
    } else if (fieldLength === 5 && text.startsWith('event', from)) {
      // Vendors repeat a handful of names: reuse the last one's string instead of a slice per event.
      const length = valueStart < to ? to - valueStart : 0;
      if (lastName.length !== length || !text.startsWith(lastName, valueStart)) {
        lastName = length === 0 ? '' : text.slice(valueStart, to);
      }
      eventName = lastName;
    } else if (fieldLength === 2 && text.startsWith('id', from)) {
      const value = valueStart < to ? text.slice(valueStart, to) : '';
      // A NUL in the id makes the field ignored (the SSE specification).
      if (value.indexOf('\0') < 0) eventId = value;
    }
    // `retry:` and unknown fields are ignored.
  }

  function rawPush(text: string): void {
    pieceLength += text.length;
    if (pieceLength > max) throw tooLarge('a body that is not an event stream');
    pieces.push(text);
  }

  function decode(text: string, out: SseEvent[]): void {
    if (raw) {
      rawPush(text);
      return;
    }
    const length = text.length;
    let start = 0;
    if (skipLF && length > 0) {
      skipLF = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Vendors end lines with `\n`: without a `\r` in this text, a line's end is found by the
    // native `indexOf` instead of a loop over its characters (the same lines either way).
    const lfOnly = text.indexOf('\r', start) < 0;
    while (start < length) {
      // At the start of a line with nothing pending: comments and raw tails are decided here.
      if (pieceLength === 0 && !inComment) {
        const first = text.charCodeAt(start);
        if (first === COLON) {
          inComment = true;
        } else if ((first === BRACE || first === BRACKET) && dataCount === 0 && eventName === undefined) {
          raw = true;
          rawPush(text.slice(start));
          return;
        }
      }
      let end = start;
      let code = 0;
      if (lfOnly) {
        // The blank line that ends each event is decided here, without a call.
        end = text.charCodeAt(start) === LF ? start : text.indexOf('\n', start + 1);
        if (end < 0) end = length;
        else code = LF;
      } else {
        while (end < length) {
          code = text.charCodeAt(end);
          if (code === LF || code === CR) break;
          end++;
        }
      }
      if (end === length) {
        // The line continues in the next push.
        if (!inComment && end > start) {
          pieceLength += end - start;
          if (pieceLength + dataLength > max) throw tooLarge('a line');
          pieces.push(start === 0 ? text : text.slice(start));
        }
        return;
      }
      if (inComment) {
        inComment = false;
      } else if (pieceLength === 0) {
        if (end - start + dataLength > max) throw tooLarge('a line');
        line(text, start, end, out);
      } else {
        pieceLength += end - start;
        if (pieceLength + dataLength > max) throw tooLarge('a line');
        pieces.push(text.slice(start, end));
        const joined = pieces.join('');
        pieces.length = 0;
        pieceLength = 0;
        line(joined, 0, joined.length, out);
      }
      start = end + 1;
      if (code === CR) {
        if (start < length) {
          if (text.charCodeAt(start) === LF) start++;
        } else {
          skipLF = true;
        }
      }
    }
  }

  return {
    push(bytes: Uint8Array, out: SseEvent[]): void {
      const text = decoder.decode(bytes, { stream: true });
      if (text.length > 0) decode(text, out);
    },
    end(out: SseEvent[]): void {
      const rest = decoder.decode();
      if (rest.length > 0) decode(rest, out);
      if (raw) {
        const data = pieces.join('');
        pieces.length = 0;
        pieceLength = 0;
        if (data.trim() !== '') out.push({ event: undefined, data, id: undefined, raw: true, unterminated: true });
        return;
      }
      if (pieceLength > 0) {
        const joined = pieces.join('');
        pieces.length = 0;
        pieceLength = 0;
        line(joined, 0, joined.length, out);
      }
      inComment = false;
      dispatch(out, true);
    },
  };
}

/**
 * An event's data as JSON. An `unterminated` event (the body ended inside it) whose data does
 * not parse was cut short: `undefined`, so the stream ends as truncated. Any other invalid
 * data throws the `SyntaxError` of `JSON.parse`.
 */
export function parseEventJson(event: SseEvent): unknown {
  if (!event.unterminated) return JSON.parse(event.data);
  try {
    return JSON.parse(event.data);
  } catch {
    return undefined;
  }
}
