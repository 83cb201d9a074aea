import type { LLMError } from './errors.js';
import { handlerError, type RunSink, runStream, type StreamChatOptions, toLLMError } from './run-stream.js';
import { tokenCallback } from './structured-output.js';
import type { StreamHandler } from './types/handler.js';
import type { LLM } from './types/llm.js';
import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';

const NOOP = (): void => {};

/**
 * Streams a chat completion into `handler` callbacks and resolves with the assembled
 * message. `model` is an `LLM` or a `"provider:model"` spec. On failure `onError(error,
 * partial)` is called once and the promise rejects with the same `LLMError` (its
 * `partial` holds everything received). An exception thrown by `onError` itself is not
 * reported: the original error is what the promise rejects with.
 */
export async function streamChatCompletion(
  request: ChatCompletionRequest,
  handler: StreamHandler,
  model: LLM | string,
  options: StreamChatOptions = {},
): Promise<OutputMessage> {
  const sink: RunSink = {
    start: handler.onStart ? () => handler.onStart?.() : NOOP,
    token: tokenCallback(request, handler) ?? NOOP,
    reasoning: handler.onReasoning ? (text) => handler.onReasoning?.(text) : NOOP,
    toolCall: handler.onToolCall ? (call) => handler.onToolCall?.(call) : NOOP,
  };
  let message: OutputMessage;
  try {
    message = await runStream(request, model, options, sink);
  } catch (caught) {
    throw fail(handler, toLLMError(caught, 'core'));
  }
  try {
    handler.onComplete?.(message);
  } catch (caught) {
    const error = handlerError(caught, 'core');
    error.partial = { ...message, finishReason: 'error' };
    throw fail(handler, error);
  }
  return message;
}

function fail(handler: StreamHandler, error: LLMError): LLMError {
  if (error.partial === undefined) error.partial = emptyPartial();
  try {
    handler.onError?.(error, error.partial);
  } catch {
    // Documented: the original error wins over a failing onError.
  }
  return error;
}

/** The message reported when a run failed before any stream started. */
export function emptyPartial(): OutputMessage {
  return { role: 'assistant', content: '', toolCalls: [], finishReason: 'error' };
}
