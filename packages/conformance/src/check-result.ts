import { isLLMError, type OutputMessage, type ToolCall } from '@switchyard/core';
import type { ExpectedResult } from './types.js';

/** What one run produced: the settled promise plus everything the callbacks or events saw. */
export interface RunOutcome {
  message?: OutputMessage;
  error?: unknown;
  /** The tokens as streamed (`onToken` / `token` events), concatenated. */
  tokens: string;
  /** The reasoning as streamed, concatenated. */
  reasoning: string;
  /** The tool calls as delivered one by one (`onToolCall` / `tool_call` events). */
  toolCalls: ToolCall[];
  /** How often `onComplete` (or a `complete` event) and `onError` fired. */
  completions: number;
  errors: number;
}

/** The id placeholder meaning "core generated this id". */
export const GENERATED_ID = '<generated>';

/**
 * Compares a run with a recording's expectation and returns every mismatch as a readable
 * line (empty when the run conforms). Pure, so the rules themselves are testable.
 * `generatedIds` collects ids core generated, to prove them unique across runs.
 */
export function checkResult(expected: ExpectedResult, outcome: RunOutcome, generatedIds?: Set<string>): string[] {
  const problems: string[] = [];
  let message: OutputMessage | undefined;
  if (expected.error !== undefined) {
    if (outcome.message !== undefined)
      return [`expected an LLMError "${expected.error.code}", but the stream completed`];
    if (!isLLMError(outcome.error))
      return [`expected an LLMError "${expected.error.code}", got ${describeError(outcome.error)}`];
    if (outcome.error.code !== expected.error.code) {
      problems.push(
        `error.code: expected "${expected.error.code}", got "${outcome.error.code}" (${outcome.error.message})`,
      );
    }
    message = outcome.error.partial;
    if (message === undefined) return [...problems, 'error.partial is missing'];
    if (message.finishReason !== 'error')
      problems.push(`error.partial.finishReason: expected "error", got "${message.finishReason}"`);
    if (outcome.errors !== 1 || outcome.completions !== 0) {
      problems.push(
        `callbacks: expected onError once and no onComplete, got ${outcome.errors} / ${outcome.completions}`,
      );
    }
  } else {
    if (outcome.message === undefined) return [`expected a message, got ${describeError(outcome.error)}`];
    message = outcome.message;
    if (outcome.completions !== 1 || outcome.errors !== 0) {
      problems.push(
        `callbacks: expected onComplete once and no onError, got ${outcome.completions} / ${outcome.errors}`,
      );
    }
  }
  const where = expected.error === undefined ? '' : 'error.partial.';
  compareMessage(expected, message, where, problems, generatedIds);
  compareStreamed(outcome, message, expected.error !== undefined, problems);
  return problems;
}

function compareMessage(
  expected: ExpectedResult,
  message: OutputMessage,
  where: string,
  problems: string[],
  generatedIds: Set<string> | undefined,
): void {
  same(`${where}content`, expected.content ?? '', message.content, problems);
  if (expected.reasoning !== undefined) same(`${where}reasoning`, expected.reasoning, message.reasoning, problems);
  if (expected.reasoningParts !== undefined) {
    same(`${where}reasoningParts`, expected.reasoningParts, normalizeParts(message.reasoningParts), problems);
  }
  if (expected.refusal !== undefined) same(`${where}refusal`, expected.refusal, message.refusal, problems);
  if (expected.finishReason !== undefined)
    same(`${where}finishReason`, expected.finishReason, message.finishReason, problems);
  if (expected.rawFinishReason !== undefined) {
    same(`${where}rawFinishReason`, expected.rawFinishReason, message.rawFinishReason, problems);
  }
  if (expected.usage !== undefined) {
    // Usage is compared key by key: an adapter may report more counters than the recording names.
    const actual = (message.usage ?? {}) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected.usage))
      same(`${where}usage.${key}`, value, actual[key], problems);
  }
  const expectedCalls = expected.toolCalls ?? [];
  if (message.toolCalls.length !== expectedCalls.length) {
    problems.push(
      `${where}toolCalls: expected ${expectedCalls.length} (${expectedCalls.map((c) => c.name).join(', ')}), got ${message.toolCalls.length} (${message.toolCalls.map((c) => c.name).join(', ')})`,
    );
    return;
  }
  const ids = new Set<string>();
  expectedCalls.forEach((want, i) => {
    const got = message.toolCalls[i]!;
    const label = `${where}toolCalls[${i}]`;
    if (want.id === GENERATED_ID) {
      if (typeof got.id !== 'string' || got.id === '')
        problems.push(`${label}.id: expected a generated id, got "${got.id}"`);
      else if (generatedIds?.has(got.id)) problems.push(`${label}.id: generated id "${got.id}" was already used`);
      else generatedIds?.add(got.id);
    } else {
      same(`${label}.id`, want.id, got.id, problems);
    }
    if (ids.has(got.id)) problems.push(`${label}.id: "${got.id}" repeats within the message`);
    ids.add(got.id);
    same(`${label}.name`, want.name, got.name, problems);
    if ('input' in want) same(`${label}.input`, want.input, got.input, problems);
    if (want.arguments !== undefined) same(`${label}.arguments`, want.arguments, got.arguments, problems);
    if (want.itemId !== undefined) same(`${label}.itemId`, want.itemId, got.itemId, problems);
  });
}

// What was streamed must add up to the message: the callbacks are the API most users see.
function compareStreamed(outcome: RunOutcome, message: OutputMessage, failed: boolean, problems: string[]): void {
  same('streamed tokens (joined)', message.content, outcome.tokens, problems);
  same('streamed reasoning (joined)', message.reasoning ?? '', outcome.reasoning, problems);
  const inMessage = new Map(message.toolCalls.map((call) => [call.id, call]));
  for (const call of outcome.toolCalls) {
    const kept = inMessage.get(call.id);
    if (kept === undefined) problems.push(`streamed tool call "${call.id}" (${call.name}) is not in the message`);
    else same(`streamed tool call "${call.id}"`, kept, call, problems);
  }
  // A failed stream may hold calls that never completed; a finished one delivered them all.
  if (!failed && outcome.toolCalls.length !== message.toolCalls.length) {
    problems.push(`onToolCall fired ${outcome.toolCalls.length} times for ${message.toolCalls.length} tool calls`);
  }
}

function normalizeParts(parts: OutputMessage['reasoningParts']): unknown {
  return parts?.map((part) => {
    const out: Record<string, string> = { text: part.text };
    if (part.signature !== undefined) out.signature = part.signature;
    if (part.redacted !== undefined) out.redacted = part.redacted;
    if (part.itemId !== undefined) out.itemId = part.itemId;
    return out;
  });
}

function same(label: string, expected: unknown, actual: unknown, problems: string[]): void {
  if (!deepEqual(expected, actual)) problems.push(`${label}: expected ${show(expected)}, got ${show(actual)}`);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A thrown value, briefly, for a mismatch line. */
export function describeError(error: unknown): string {
  if (error === undefined) return 'nothing';
  if (isLLMError(error)) return `LLMError [${error.code}] ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message} (not an LLMError)`;
  return `${String(error)} (not an LLMError)`;
}
