import type { GeminiPartialArg } from './gemini-api-types.js';

/**
 * The arguments of one function call that Gemini streams in pieces (Vertex
 * `functionCallingConfig.streamFunctionCallArguments`): the first part carries the name and
 * `willContinue: true`, later parts carry `partialArgs` (a JSON path and a value, strings
 * possibly split over several parts) and no name, and a part whose `functionCall` has no
 * `willContinue` ends the call.
 */
export interface StreamedCall {
  /** The tool call index the call was given when it started. */
  readonly index: number;
  /** The name and id it started with (`''` when none), to tell a repeated name from a new call. */
  readonly name: string;
  readonly id: string;
  /** The arguments so far (null-prototype objects, so a `__proto__` key is plain data). */
  readonly args: Record<string, unknown>;
}

// Containers are null-prototype so that any key the model streams stays an own property.
function newObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

const MAX_DEPTH = 64;

/**
 * Splits an RFC 9535 path as Gemini sends it (`$.a.b[0].c`, `$['a b']`) into keys and indices.
 * Returns `undefined` for anything else, so that a path we cannot read drops its fragment
 * rather than writing somewhere wrong.
 */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (path.charCodeAt(0) !== 36 /* $ */) return undefined;
  const steps: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    // Deeper arguments than any tool schema has would only make JSON.stringify overflow the stack.
    if (steps.length === MAX_DEPTH) return undefined;
    const c = path[i];
    if (c === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      if (end === i + 1) return undefined;
      steps.push(path.slice(i + 1, end));
      i = end;
    } else if (c === '[') {
      const quote = path[i + 1];
      if (quote === "'" || quote === '"') {
        const end = path.indexOf(quote, i + 2);
        if (end < 0 || path[end + 1] !== ']') return undefined;
        steps.push(path.slice(i + 2, end));
        i = end + 2;
      } else {
        const end = path.indexOf(']', i + 1);
        if (end < 0) return undefined;
        const text = path.slice(i + 1, end);
        if (!isIndex(text)) return undefined;
        steps.push(Number(text));
        i = end + 1;
      }
    } else return undefined;
  }
  return steps;
}

// 1 to 9 decimal digits: an array index we can hold.
function isIndex(text: string): boolean {
  if (text.length === 0 || text.length > 9) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function partialValue(arg: GeminiPartialArg): { value: unknown } | undefined {
  if (typeof arg.stringValue === 'string') return { value: arg.stringValue };
  if (typeof arg.numberValue === 'number') return { value: arg.numberValue };
  if (typeof arg.boolValue === 'boolean') return { value: arg.boolValue };
  if (arg.nullValue !== undefined) return { value: null };
  return undefined;
}

/**
 * Writes one `PartialArg` into the call's arguments. A string value is appended to the string
 * already at its path (a long string arrives in several fragments); any other value replaces.
 * An array index may only extend an array by one, so a hostile index cannot allocate memory.
 */
export function applyPartialArg(args: Record<string, unknown>, arg: GeminiPartialArg): void {
  const found = partialValue(arg);
  if (found === undefined || typeof arg.jsonPath !== 'string') return;
  const steps = parseJsonPath(arg.jsonPath);
  if (steps === undefined || steps.length === 0) return;
  let container: Record<string, unknown> | unknown[] = args;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    let slot: unknown;
    if (typeof step === 'number') {
      if (!Array.isArray(container) || step > container.length) return;
      slot = container[step];
    } else {
      if (Array.isArray(container)) return;
      slot = Object.hasOwn(container, step) ? container[step] : undefined;
    }
    if (last) {
      const value = typeof found.value === 'string' && typeof slot === 'string' ? slot + found.value : found.value;
      if (typeof step === 'number') (container as unknown[])[step] = value;
      else (container as Record<string, unknown>)[step] = value;
      return;
    }
    if (typeof slot !== 'object' || slot === null) {
      slot = typeof steps[i + 1] === 'number' ? [] : newObject();
      if (typeof step === 'number') (container as unknown[])[step] = slot;
      else (container as Record<string, unknown>)[step] = slot;
    }
    container = slot as Record<string, unknown> | unknown[];
  }
}

/** A new streamed call at `index`, its arguments empty. */
export function startStreamedCall(index: number, name = '', id = ''): StreamedCall {
  return { index, name, id, args: newObject() };
}
