/**
 * A tolerant incremental JSON parser: feed the text of a JSON document in pieces and read
 * the value parsed so far after each piece. Every character is looked at once, so a whole
 * stream costs time linear in its length, however it is split.
 *
 * The value is built in place: `value` is the same object after each `push`, updated (copy
 * it, e.g. with `structuredClone`, to keep a snapshot). A string being written shows as
 * far as it has arrived; a number or `true`/`false`/`null` appears once it is complete; an
 * object key appears once its value starts. Text before the first `{` or `[` (a Markdown
 * fence, a sentence) is skipped; after a syntax error the value stops changing.
 */
export interface PartialJsonParser {
  /** Applies the next piece of text; returns whether the value changed. */
  push(text: string): boolean;
  /** The value so far (`undefined` before any value has started). */
  readonly value: unknown;
  /** Whether a syntax error stopped the parse. */
  readonly failed: boolean;
  /** Whether the top-level value is complete. */
  readonly done: boolean;
  /** Ends the input: completes a trailing top-level number; returns the value. */
  end(): unknown;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  container: Container;
  isArray: boolean;
  /** The key whose value comes next (objects). */
  key: string;
}

enum State {
  /** Before the top-level value. */
  Start,
  /** Prose before the document: skipped up to the first `{` or `[`. */
  Skip,
  Value,
  /** After `{`: a key or `}`. */
  KeyOrEnd,
  /** After `,` in an object. */
  Key,
  Colon,
  /** After a value inside a container: `,` or the closing bracket. */
  CommaOrEnd,
  String,
  Number,
  Literal,
  Done,
  Failed,
}

const QUOTE = 34;
const BACKSLASH = 92;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Creates a parser for one JSON document (see `PartialJsonParser`). */
export function createPartialJsonParser(): PartialJsonParser {
  let root: unknown;
  const stack: Frame[] = [];
  let state: State = State.Start;
  let changed = false;
  // The string being read: its text so far, whether it is a key, its escape state.
  let text = '';
  let isKey = false;
  let escapeState = 0; // 0 none, 1 after '\', 2..5 reading the four hex digits of \u
  let hex = '';
  // Where the string value being read lives (its frame, its array index).
  let slotFrame: Frame | undefined;
  let slotIndex = 0;
  let flushedLength = 0;
  // A number or literal being read.
  let word = '';
  let literal = '';

  function attach(value: unknown): void {
    changed = true;
    const frame = stack[stack.length - 1];
    if (frame === undefined) {
      root = value;
      return;
    }
    if (frame.isArray) (frame.container as unknown[]).push(value);
    else setKey(frame.container as Record<string, unknown>, frame.key, value);
  }

  function afterValue(): void {
    state = stack.length === 0 ? State.Done : State.CommaOrEnd;
  }

  function open(isArray: boolean): void {
    const container: Container = isArray ? [] : {};
    attach(container);
    stack.push({ container, isArray, key: '' });
    state = isArray ? State.Value : State.KeyOrEnd;
  }

  function startString(key: boolean): void {
    state = State.String;
    isKey = key;
    text = '';
    flushedLength = 0;
    escapeState = 0;
    if (key) return;
    attach('');
    slotFrame = stack[stack.length - 1];
    if (slotFrame?.isArray) slotIndex = (slotFrame.container as unknown[]).length - 1;
  }

  function flushString(): void {
    if (isKey || text.length === flushedLength) return;
    flushedLength = text.length;
    changed = true;
    if (slotFrame === undefined) root = text;
    else if (slotFrame.isArray) (slotFrame.container as unknown[])[slotIndex] = text;
    else setKey(slotFrame.container as Record<string, unknown>, slotFrame.key, text);
  }

  function endString(): void {
    if (isKey) {
      stack[stack.length - 1]!.key = text;
      state = State.Colon;
      return;
    }
    flushString();
    afterValue();
  }

  function endNumber(): boolean {
    const value = Number(word);
    if (!isJsonNumber(word) || !Number.isFinite(value)) {
      state = State.Failed;
      return false;
    }
    word = '';
    attach(value);
    afterValue();
    return true;
  }

  function closeContainer(isArray: boolean): void {
    const frame = stack.pop();
    if (frame === undefined || frame.isArray !== isArray) {
      state = State.Failed;
      return;
    }
    afterValue();
  }

  // Reads the string characters from `i`; returns where it stopped.
  function readString(input: string, from: number): number {
    let i = from;
    let run = i;
    while (i < input.length) {
      if (escapeState === 0) {
        const code = input.charCodeAt(i);
        if (code === QUOTE) {
          text += input.slice(run, i);
          endString();
          return i + 1;
        }
        if (code === BACKSLASH) {
          text += input.slice(run, i);
          escapeState = 1;
        }
        i++;
        if (escapeState !== 0) run = i;
        continue;
      }
      const ch = input[i]!;
      i++;
      if (escapeState === 1) {
        if (ch === 'u') {
          escapeState = 2;
          hex = '';
        } else {
          const decoded = ESCAPES[ch];
          if (decoded === undefined) {
            state = State.Failed;
            return input.length;
          }
          text += decoded;
          escapeState = 0;
        }
      } else {
        hex += ch;
        if (hex.length === 4) {
          const code = Number.parseInt(hex, 16);
          if (!isHex4(hex)) {
            state = State.Failed;
            return input.length;
          }
          text += String.fromCharCode(code);
          escapeState = 0;
        }
      }
      run = i;
    }
    if (escapeState === 0) text += input.slice(run, i);
    return i;
  }

  // Reads number characters from `from` in one slice; the character that ends the number is
  // read again in the next state.
  function readNumber(input: string, from: number): number {
    let i = from;
    while (i < input.length && isNumberCode(input.charCodeAt(i))) i++;
    word += input.slice(from, i);
    if (i === input.length) return i;
    return endNumber() ? i : input.length;
  }

  function step(input: string, i: number): number {
    const ch = input[i]!;
    switch (state) {
      case State.Start:
        if (isSpace(ch)) return i + 1;
        // A value at the start is the document; anything else is skipped up to `{` or `[`.
        if (ch === '{' || ch === '[' || ch === '"' || isNumberStart(ch) || ch === 't' || ch === 'f' || ch === 'n') {
          state = State.Value;
          return i;
        }
        state = State.Skip;
        return i + 1;
      case State.Skip:
        if (ch === '{' || ch === '[') open(ch === '[');
        return i + 1;
      case State.Value:
        if (isSpace(ch)) return i + 1;
        if (ch === '{' || ch === '[') open(ch === '[');
        else if (ch === '"') startString(false);
        else if (ch === ']' && stack[stack.length - 1]?.isArray === true) closeContainer(true);
        else if (isNumberStart(ch)) {
          state = State.Number;
          word = '';
          return readNumber(input, i);
        } else if (ch === 't' || ch === 'f' || ch === 'n') {
          state = State.Literal;
          literal = ch === 't' ? 'true' : ch === 'f' ? 'false' : 'null';
          word = ch;
        } else state = State.Failed;
        return i + 1;
      case State.KeyOrEnd:
      case State.Key:
        if (isSpace(ch)) return i + 1;
        if (ch === '"') startString(true);
        else if (ch === '}' && state === State.KeyOrEnd) closeContainer(false);
        else state = State.Failed;
        return i + 1;
      case State.Colon:
        if (isSpace(ch)) return i + 1;
        state = ch === ':' ? State.Value : State.Failed;
        return i + 1;
      case State.CommaOrEnd: {
        if (isSpace(ch)) return i + 1;
        const frame = stack[stack.length - 1]!;
        if (ch === ',') state = frame.isArray ? State.Value : State.Key;
        else if (ch === ']' || ch === '}') closeContainer(ch === ']');
        else state = State.Failed;
        return i + 1;
      }
      case State.Number:
        return readNumber(input, i);
      case State.Literal:
        word += ch;
        if (!literal.startsWith(word)) state = State.Failed;
        else if (word.length === literal.length) {
          attach(literal === 'true' ? true : literal === 'false' ? false : null);
          word = '';
          afterValue();
        }
        return i + 1;
      default:
        return input.length;
    }
  }

  return {
    push(input: string): boolean {
      changed = false;
      let i = 0;
      while (i < input.length && state !== State.Failed && state !== State.Done) {
        i = state === State.String ? readString(input, i) : step(input, i);
      }
      if (state === State.String) flushString();
      return changed;
    },
    get value() {
      return root;
    },
    get failed() {
      return state === State.Failed;
    },
    get done() {
      return state === State.Done;
    },
    end(): unknown {
      if (state === State.Number && stack.length === 0) endNumber();
      return root;
    },
  };
}

/** The value of a whole or partial JSON text (see `createPartialJsonParser`). */
export function parsePartialJson(text: string): unknown {
  const parser = createPartialJsonParser();
  parser.push(text);
  return parser.end();
}

// `__proto__` must become an own property, as JSON.parse makes it, never the prototype.
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

function isNumberStart(ch: string): boolean {
  return ch === '-' || (ch >= '0' && ch <= '9');
}

// 0-9 - + . e E
function isNumberCode(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46 || code === 101 || code === 69;
}

function isHex4(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// The JSON number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
function isJsonNumber(word: string): boolean {
  const n = word.length;
  let i = 0;
  if (word.charCodeAt(i) === 45) i++;
  if (word.charCodeAt(i) === 48) i++;
  else {
    const start = i;
    i = skipDigits(word, i);
    if (i === start) return false;
  }
  if (word.charCodeAt(i) === 46) {
    const start = ++i;
    i = skipDigits(word, i);
    if (i === start) return false;
  }
  const e = word.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = word.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    const start = i;
    i = skipDigits(word, i);
    if (i === start) return false;
  }
  return i === n;
}

function skipDigits(word: string, from: number): number {
  let i = from;
  while (i < word.length) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) break;
    i++;
  }
  return i;
}
