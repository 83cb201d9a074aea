import type { OutputMessage } from './types/message.js';
import type { ChatCompletionRequest } from './types/request.js';

/**
 * Completes a message for a request that asked for JSON output: parses and validates the
 * text into `message.object`, or throws an `invalid_output` `LLMError` carrying the message
 * as `partial`. Messages of other requests pass through unchanged.
 *
 * STUB: owned by the structured-output work (issue #12); identity until then.
 */
export function finalizeOutput(message: OutputMessage, _request: ChatCompletionRequest): OutputMessage {
  return message;
}
