import { LLMError } from '@switchyard/core';
import { APIError } from 'openai';
// The SDK, HTTP errors and the nested in-band `{"type":"error","error":{…}}` event (thrown by
// the SDK as an `APIError`) are the same as on Chat Completions: its `mapError` serves both paths.
import { mapError as mapChatError } from '../map-error.js';

/** The error of a `response.failed` response or of a flat `error` event. */
export interface ResponsesWireError {
  code?: string | null;
  message?: string | null;
  type?: string | null;
  param?: string | null;
}

// `ResponseError` codes that say the request (its prompt or an image in it) is at fault.
function isRequestCode(code: string): boolean {
  return code === 'invalid_prompt' || code === 'data_residency_mismatch' || code.includes('image');
}

/**
 * Maps the error of a `response.failed` event or of an `error` event in the documented flat
 * shape (`{"type":"error","code","message","param"}`), which the SDK passes through as an
 * event: exactly as the SDK's `APIError` for the nested shape would be, plus the request
 * and safety codes only the Responses API sends.
 */
export function mapResponseError(wire: ResponsesWireError | null | undefined, provider: string): LLMError {
  const code = typeof wire?.code === 'string' && wire.code !== '' ? wire.code : undefined;
  const message =
    typeof wire?.message === 'string' && wire.message !== '' ? wire.message : 'the response failed with no message';
  if (code !== undefined && isRequestCode(code)) {
    return new LLMError(`${provider}: ${message} (${code}; change the input and send it again)`, {
      code: 'invalid_request',
      provider,
      retryable: false,
    });
  }
  if (code === 'bio_policy') {
    return new LLMError(`${provider}: ${message} (${code})`, { code: 'content_filter', provider, retryable: false });
  }
  const body: Record<string, unknown> = {
    message,
    type: wire?.type ?? null,
    param: wire?.param ?? null,
    code: code ?? null,
  };
  return mapChatError(new APIError(undefined, body, undefined, undefined), provider);
}
