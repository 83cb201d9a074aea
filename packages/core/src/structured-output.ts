import { LLMError } from './errors.js';
import { createPartialJsonParser } from './partial-json.js';
import { describeIssues, isStandardSchema } from './resolve-schema.js';
import type { StandardIssue, StandardResult } from './standard-schema.js';
import type { StreamHandler } from './types/handler.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';

/** An `invalid_output` error: the text is in `partial.content`, the validator's issues here. */
export type InvalidOutputError = LLMError & { issues?: ReadonlyArray<StandardIssue> };

/** Whether the request asks for JSON output (`responseFormat` `json` or `json_schema`). */
export function wantsJson(request: ChatCompletionRequest): boolean {
  const type = request.responseFormat?.type;
  return type === 'json' || type === 'json_schema';
}

/**
 * Completes a message for a request that asked for JSON output: parses the text (once, at
 * the end) and, when the schema is a Standard Schema validator, validates it; the value goes
 * to `message.object`. Throws (or rejects with, for an async validator) an `invalid_output`
 * `LLMError` whose `partial` is the message as received and whose `issues` are the
 * validator's. A message that carries tool calls and no text, or a refusal, is left as it
 * is. Messages of other requests pass through unchanged.
 */
export function finalizeOutput(
  message: OutputMessage,
  request: ChatCompletionRequest,
): OutputMessage | Promise<OutputMessage> {
  const format = request.responseFormat;
  if (format === undefined || (format.type !== 'json' && format.type !== 'json_schema')) return message;
  if (message.finishReason === 'content_filter' || message.refusal !== undefined) return message;
  if (message.toolCalls.length > 0 && message.content.trim() === '') return message;
  const provider = message.provider ?? 'core';
  let value: unknown;
  try {
    value = JSON.parse(unfence(message.content));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      message.finishReason === 'length'
        ? ' The output was cut at the token limit: raise maxTokens.'
        : ' Ask for JSON in the prompt too, or use a schema.';
    throw invalidOutput(`The model's output is not valid JSON (${reason}).${hint}`, message, provider);
  }
  if (format.type !== 'json_schema' || !isStandardSchema(format.schema)) {
    message.object = value;
    return message;
  }
  const result = format.schema['~standard'].validate(value);
  if (result instanceof Promise) return result.then((settled) => accept(settled, value, message, provider));
  return accept(result, value, message, provider);
}

function accept(
  result: StandardResult<unknown>,
  parsed: unknown,
  message: OutputMessage,
  provider: string,
): OutputMessage {
  if (result.issues !== undefined) {
    const partial: OutputMessage = { ...message, object: parsed };
    const error: InvalidOutputError = invalidOutput(
      `The model's JSON output does not match the schema: ${describeIssues(result.issues)}.`,
      partial,
      provider,
    );
    error.issues = result.issues;
    throw error;
  }
  message.object = result.value;
  return message;
}

function invalidOutput(text: string, partial: OutputMessage, provider: string): InvalidOutputError {
  return new LLMError(text, { code: 'invalid_output', provider, retryable: false, partial });
}

// Some models wrap JSON in a Markdown fence even in JSON mode.
function unfence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  const start = trimmed.indexOf('\n');
  const end = trimmed.lastIndexOf('```');
  return start < 0 || end <= start ? trimmed : trimmed.slice(start + 1, end);
}

/**
 * The token callback for a run: the handler's `onToken`, plus an incremental parse feeding
 * `onPartialObject` when the request asks for JSON and the handler listens for partial
 * objects. `undefined` when there is nothing to call.
 */
export function tokenCallback(
  request: ChatCompletionRequest,
  handler: StreamHandler,
): ((text: string) => void) | undefined {
  const onPartialObject = handler.onPartialObject;
  if (onPartialObject === undefined || !wantsJson(request)) {
    return handler.onToken === undefined ? undefined : (text) => handler.onToken?.(text);
  }
  const parser = createPartialJsonParser();
  return (text) => {
    handler.onToken?.(text);
    if (parser.push(text)) onPartialObject.call(handler, parser.value);
  };
}
