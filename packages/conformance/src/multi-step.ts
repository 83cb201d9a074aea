import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vendor } from './types.js';

/**
 * A multi-request conversation (a tool loop): a folder `<vendor>/<scenario>/` holding
 * `scenario.json` and one recorded body per step. The model name selects it like a single
 * recording (modes after `~` apply to every step).
 *
 * ```json
 * {
 *   "description": "…",
 *   "prompt": "What is the weather in Paris and Oslo?",
 *   "steps": [
 *     { "response": "1.sse" },
 *     { "response": "2.sse", "expect": { "messages.-1.tool_call_id": "call_2" } }
 *   ],
 *   "expected": { … }
 * }
 * ```
 *
 * Which step answers is read from the request itself: the number of assistant turns it
 * carries (`assistant` messages; Gemini `model` contents), so retries replay the same step
 * and several conversations can run at once. `expect` asserts the request body: each key
 * is a dotted path (numbers index arrays, negative ones from the end), each value must
 * equal what is there (deep equality). A request that fails an assertion, or comes after
 * the last step, is answered with the vendor's 400 error naming the difference.
 */
export interface MultiStepScenario {
  description: string;
  /** The user message that starts the conversation. */
  prompt: string;
  steps: MultiStepStep[];
  /** What the conversation must come to (read by the tool-loop conformance suite). */
  expected: unknown;
}

export interface MultiStepStep {
  /** The body file, relative to the scenario folder. */
  response: string;
  /** Dotted path → value the request body must hold. */
  expect?: Record<string, unknown>;
}

/** The outcome of picking the step for a request. */
export type StepPick = { ok: true; body: Buffer; step: number } | { ok: false; message: string };

const SCENARIO_FILE = 'scenario.json';

/** Reads `<dir>/<vendor>/<scenario>/scenario.json`, or `undefined` when there is none. */
export async function readMultiStep(
  dir: string,
  vendor: Vendor,
  scenario: string,
): Promise<MultiStepScenario | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, vendor, scenario, SCENARIO_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as MultiStepScenario;
}

/** The multi-step scenarios recorded for a vendor (sorted), with their definitions. */
export function listMultiStep(vendor: Vendor, dir: string): Array<{ name: string; scenario: MultiStepScenario }> {
  let entries: string[];
  try {
    entries = readdirSync(join(dir, vendor));
  } catch {
    return [];
  }
  const out: Array<{ name: string; scenario: MultiStepScenario }> = [];
  for (const name of entries.sort()) {
    let text: string;
    try {
      text = readFileSync(join(dir, vendor, name, SCENARIO_FILE), 'utf8');
    } catch {
      continue;
    }
    out.push({ name, scenario: JSON.parse(text) as MultiStepScenario });
  }
  return out;
}

/** Picks the step answering `body` and checks the step's assertions against it. */
export async function pickStep(
  dir: string,
  vendor: Vendor,
  name: string,
  scenario: MultiStepScenario,
  body: unknown,
): Promise<StepPick> {
  const index = assistantTurns(vendor, body);
  const step = scenario.steps[index];
  if (step === undefined) {
    return {
      ok: false,
      message: `replay: "${name}" has ${scenario.steps.length} steps, but the request carries ${index} assistant turns (step ${index + 1}).`,
    };
  }
  for (const [path, expected] of Object.entries(step.expect ?? {})) {
    const actual = valueAt(body, path);
    if (!deepEqual(actual, expected)) {
      return {
        ok: false,
        message: `replay: "${name}" step ${index + 1}: request body ${path} should be ${JSON.stringify(expected)}, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}.`,
      };
    }
  }
  return { ok: true, body: await readFile(join(dir, vendor, name, step.response)), step: index + 1 };
}

/**
 * How many assistant turns a request body carries, in the vendor's own shape: runs of
 * consecutive model items (`assistant` messages; Gemini `model` contents; Responses
 * `function_call` and `reasoning` items beside assistant messages).
 */
export function assistantTurns(vendor: Vendor, body: unknown): number {
  if (!isObject(body)) return 0;
  const list = vendor === 'google' ? body.contents : vendor === 'openai-responses' ? body.input : body.messages;
  if (!Array.isArray(list)) return 0;
  const role = vendor === 'google' ? 'model' : 'assistant';
  let count = 0;
  let inTurn = false;
  for (const item of list) {
    const model = isObject(item) && (item.role === role || item.type === 'function_call' || item.type === 'reasoning');
    if (model && !inTurn) count++;
    inTurn = model;
  }
  return count;
}

/** The value at a dotted path (`messages.-1.content`); `undefined` when it is not there. */
export function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index)) return undefined;
      node = node[index < 0 ? node.length + index : index];
    } else if (isObject(node)) {
      node = Object.hasOwn(node, key) ? node[key] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
