import type { ChatCompletionRequest } from './types/request.js';

/**
 * The request as one provider may receive it: vendor-opaque data (reasoning signatures,
 * redacted thinking, thought signatures, vendor item ids) issued by another provider is
 * removed by the documented rule (docs/cross-vendor.md).
 *
 * STUB: owned by the request-contract work (issue #10); identity until then.
 */
export function requestForProvider(request: ChatCompletionRequest, _provider: string): ChatCompletionRequest {
  return request;
}
