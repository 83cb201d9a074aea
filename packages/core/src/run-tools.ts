import { abortedError, isLLMError, LLMError } from './errors.js';
import { describeIssues, isStandardSchema } from './resolve-schema.js';
import { handlerError, nextCallId, type RunSink, runStream, type StreamChatOptions, toLLMError } from './run-stream.js';
import type { InferSchemaOutput, StandardSchemaV1 } from './standard-schema.js';
import { emptyPartial } from './stream-chat-completion.js';
import { tokenCallback } from './structured-output.js';
import type { RunToolsHandler } from './types/handler.js';
import type { LLM } from './types/llm.js';
import type { Message, OutputMessage, ToolMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';
import type { JsonSchema, Tool, ToolCall, ToolExecuteContext } from './types/tool-call.js';
import type { ToolResult, ToolStep } from './types/tool-loop.js';
import type { Usage } from './types/usage.js';

/** Options of `runTools`: those of `streamChatCompletion` (applied per step) plus the loop's. */
export interface RunToolsOptions extends StreamChatOptions {
  /** The most model calls in one run (default 10). The last step's tools still run. */
  maxSteps?: number;
  /** Called after each step (its tools have run); `true` ends the run. */
  stopWhen?: (step: ToolStep) => boolean;
  /** How many tool calls of one step run at once (default: all of them). */
  toolConcurrency?: number;
  /**
   * `'result'` (default): a tool that throws, an unknown tool and arguments that do not
   * parse or validate become an error result the model sees and can repair. `'throw'`:
   * they end the run with an `LLMError`.
   */
  toolErrors?: 'result' | 'throw';
}

/** The type of `message.object` for a request: a Standard Schema's output type, else `unknown`. */
export type ObjectOf<Request extends ChatCompletionRequest> = Request['responseFormat'] extends {
  schema: infer Schema;
}
  ? Schema extends StandardSchemaV1
    ? InferSchemaOutput<Schema>
    : unknown
  : unknown;

/** What `runTools` resolves with. */
export interface RunToolsResult<Value = unknown> {
  /** The last step's message; `object` is typed from a Standard Schema response format. */
  message: OutputMessage & { object?: Value };
  /** The whole conversation: the request's messages, then each step's message and tool results. */
  messages: Message[];
  steps: ToolStep[];
  /** Usage summed across steps (each step keeps its own in `steps[i].usage`). */
  usage: Usage;
  /**
   * Calls of tools without `execute` (human in the loop), in call order; empty when the run
   * ended otherwise. Append a `{ role: 'tool', toolCallId, name, content }` message for each
   * to `messages` and call `runTools` again to continue.
   */
  pendingToolCalls: ToolCall[];
}

/** The error `runTools` rejects with: an `LLMError` carrying the conversation so far. */
export type RunToolsError = LLMError & {
  /** The conversation up to the failure (complete steps and their tool results). */
  messages?: Message[];
  steps?: ToolStep[];
};

const DEFAULT_MAX_STEPS = 10;
const NOOP = (): void => {};

/**
 * Defines a tool whose `execute` input is typed from its Standard Schema (zod, valibot …):
 * `tool({ name, parameters: z.object({ city: z.string() }), execute: ({ city }) => … })`.
 * Returns the definition as it is.
 */
export function tool<Schema extends StandardSchemaV1>(
  definition: Omit<Tool<InferSchemaOutput<Schema>>, 'parameters'> & { parameters: Schema },
): Tool<InferSchemaOutput<Schema>>;
export function tool<Input = unknown>(definition: Tool<Input> & { parameters: JsonSchema }): Tool<Input>;
export function tool(definition: Tool): Tool {
  return definition;
}

/**
 * The tool loop: streams a step, runs the tools it called (concurrently, results in call
 * order), appends the assistant message and the tool results, and streams the next step,
 * until a step calls no tool, `maxSteps` is reached, `stopWhen` says so, or a called tool
 * has no `execute` (returned as `pendingToolCalls`). Retries and fallbacks apply per step as
 * in `streamChatCompletion`. On failure `onError` is called once and the promise rejects
 * with an `LLMError` whose `messages` and `steps` hold the conversation so far.
 */
export async function runTools<Request extends ChatCompletionRequest>(
  request: Request,
  handler: RunToolsHandler,
  model: LLM | string,
  options: RunToolsOptions = {},
): Promise<RunToolsResult<ObjectOf<Request>>> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new LLMError(`runTools: maxSteps must be a whole number of at least 1 (got ${String(maxSteps)}).`, {
      code: 'invalid_request',
    });
  }
  const tools = new Map<string, Tool>();
  for (const entry of request.tools ?? []) tools.set(entry.name, entry);
  const messages: Message[] = [...request.messages];
  const steps: ToolStep[] = [];
  // One controller per run: aborting it stops the running step and every running tool.
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const stepOptions: StreamChatOptions = { ...options, signal: controller.signal };
  // Hooks see every step as one call: one callId, each attempt tagged with its step.
  const callId = nextCallId();
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    handler.onStart?.();
  };

  try {
    for (let number = 1; ; number++) {
      const sink: RunSink = {
        start,
        token: tokenCallback(request, handler) ?? NOOP,
        reasoning: handler.onReasoning ? (text) => handler.onReasoning?.(text) : NOOP,
        toolCall: handler.onToolCall ? (call) => handler.onToolCall?.(call) : NOOP,
      };
      const message = await runStream({ ...request, messages: [...messages] }, model, stepOptions, sink, undefined, {
        step: number,
        callId,
      });
      messages.push(message);
      const pending: ToolCall[] = [];
      const runnable: ToolCall[] = [];
      for (const call of message.toolCalls) {
        const found = tools.get(call.name);
        if (found !== undefined && found.execute === undefined) pending.push(call);
        else runnable.push(call);
      }
      const results = await runCalls(runnable, tools, messages, controller.signal, handler, options);
      for (const result of results) messages.push(toolMessage(result));
      const step: ToolStep = {
        step: number,
        message,
        finishReason: message.finishReason,
        toolCalls: message.toolCalls,
        toolResults: results,
      };
      if (message.usage !== undefined) step.usage = message.usage;
      steps.push(step);
      guardCallback(() => handler.onStepFinish?.(step));
      const done =
        message.toolCalls.length === 0 || pending.length > 0 || number >= maxSteps || options.stopWhen?.(step) === true;
      if (done) {
        guardCallback(() => handler.onComplete?.(message));
        // `object` was validated by the request's schema (finalizeOutput), hence its type.
        const last = message as RunToolsResult<ObjectOf<Request>>['message'];
        return { message: last, messages, steps, usage: sumUsage(steps), pendingToolCalls: pending };
      }
    }
  } catch (caught) {
    const error: RunToolsError = controller.signal.aborted
      ? abortedOrSelf(caught, controller.signal.reason)
      : toLLMError(caught, 'core');
    if (error.partial === undefined) error.partial = emptyPartial();
    error.messages = messages;
    error.steps = steps;
    try {
      handler.onError?.(error, error.partial);
    } catch {
      // Documented: the original error wins over a failing onError.
    }
    throw error;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    // Tools still running after a failure are told to stop.
    if (!controller.signal.aborted) controller.abort();
  }
}

function abortedOrSelf(caught: unknown, reason: unknown): LLMError {
  if (isLLMError(caught) && caught.code === 'aborted') return caught;
  const error = abortedError(isLLMError(caught) ? caught.provider : 'core', reason);
  if (isLLMError(caught) && caught.partial !== undefined) error.partial = caught.partial;
  return error;
}

// A callback's exception ends the run as an error, like a stream handler's.
function guardCallback(call: () => void): void {
  try {
    call();
  } catch (caught) {
    throw handlerError(caught, 'core');
  }
}

/** Runs calls with at most `toolConcurrency` at once; results come back in call order. */
async function runCalls(
  calls: ToolCall[],
  tools: Map<string, Tool>,
  messages: Message[],
  signal: AbortSignal,
  handler: RunToolsHandler,
  options: RunToolsOptions,
): Promise<ToolResult[]> {
  const results: ToolResult[] = new Array(calls.length);
  if (calls.length === 0) return results;
  const snapshot = [...messages];
  const limit = Math.max(1, Math.min(options.toolConcurrency ?? calls.length, calls.length));
  let next = 0;
  const aborted = abortPromise(signal);
  async function worker(): Promise<void> {
    while (next < calls.length) {
      const index = next++;
      const result = await Promise.race([runCall(calls[index]!, tools, snapshot, signal, options), aborted.promise]);
      results[index] = result;
      guardCallback(() => handler.onToolResult?.(result));
    }
  }
  try {
    const workers: Promise<void>[] = [];
    for (let i = 0; i < limit; i++) workers.push(worker());
    await Promise.all(workers);
  } finally {
    aborted.dispose();
  }
  return results;
}

// Rejects as soon as the run is aborted, so that a tool ignoring its signal cannot hold the run.
function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: () => void = NOOP;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError('core', signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(NOOP);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

async function runCall(
  call: ToolCall,
  tools: Map<string, Tool>,
  messages: Message[],
  signal: AbortSignal,
  options: RunToolsOptions,
): Promise<ToolResult> {
  const found = tools.get(call.name);
  if (found === undefined) {
    const names = [...tools.keys()].join(', ');
    return refuse(call, `Unknown tool "${call.name}". Available tools: ${names === '' ? 'none' : names}.`, options);
  }
  if (call.parseError !== undefined) {
    return refuse(
      call,
      `The arguments of "${call.name}" are not valid JSON (${call.parseError}). Call the tool again with a JSON object.`,
      options,
    );
  }
  let input = call.input;
  if (isStandardSchema(found.parameters)) {
    const checked = await found.parameters['~standard'].validate(input);
    if (checked.issues !== undefined) {
      return refuse(
        call,
        `The arguments of "${call.name}" are invalid: ${describeIssues(checked.issues)}. Call the tool again with corrected arguments.`,
        options,
      );
    }
    input = checked.value;
  }
  const context: ToolExecuteContext = { toolCallId: call.id, signal, messages };
  let output: unknown;
  let content: string;
  try {
    output = await found.execute?.(input, context);
    content = resultText(output);
  } catch (caught) {
    if (signal.aborted) throw abortedError('core', signal.reason);
    const text = caught instanceof Error ? caught.message : String(caught);
    if (options.toolErrors === 'throw') {
      if (isLLMError(caught)) throw caught;
      throw new LLMError(`The tool "${call.name}" failed: ${text}`, {
        code: 'unknown',
        retryable: false,
        cause: caught,
      });
    }
    return { toolCallId: call.id, name: call.name, input, content: text, isError: true };
  }
  return { toolCallId: call.id, name: call.name, input, output, content };
}

function refuse(call: ToolCall, text: string, options: RunToolsOptions): ToolResult {
  if (options.toolErrors === 'throw') throw new LLMError(text, { code: 'invalid_output', retryable: false });
  return { toolCallId: call.id, name: call.name, input: call.input, content: text, isError: true };
}

/** A tool's result as the model reads it: a string as it is, `undefined` as `""`, anything else as JSON. */
export function resultText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  return JSON.stringify(output) ?? '';
}

function toolMessage(result: ToolResult): ToolMessage {
  const message: ToolMessage = {
    role: 'tool',
    toolCallId: result.toolCallId,
    name: result.name,
    content: result.content,
  };
  if (result.isError === true) message.isError = true;
  return message;
}

const USAGE_KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'reasoningTokens',
] as const;

/** Usage summed across steps; an optional count appears when any step reported it. */
export function sumUsage(steps: ReadonlyArray<{ usage?: Usage }>): Usage {
  const total: Usage = { inputTokens: 0, outputTokens: 0 };
  for (const step of steps) {
    const usage = step.usage;
    if (usage === undefined) continue;
    for (const key of USAGE_KEYS) {
      const value = usage[key];
      if (value !== undefined) total[key] = (total[key] ?? 0) + value;
    }
  }
  return total;
}
