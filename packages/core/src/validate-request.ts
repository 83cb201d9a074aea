import type { ChatCompletionRequest } from './types/request.js';

/**
 * Validates a request once, before any adapter runs and before any byte is sent, and
 * returns its normalized form (the one contract every adapter receives). Throws an
 * `invalid_request` `LLMError` naming the field path.
 *
 * STUB: owned by the request-contract work (issue #10); identity until then.
 */
export function validateRequest(request: ChatCompletionRequest): ChatCompletionRequest {
  return request;
}
