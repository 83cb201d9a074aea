import type { ChatChunk } from './chunk.js';
import type { ChatCompletionRequest } from './request.js';

export interface StreamOptions {
  /** Aborting closes the vendor's HTTP stream. */
  signal?: AbortSignal;
  /**
   * Adapters that read the body themselves may call this whenever bytes arrive, so that a
   * long event still arriving is not taken for silence by core's `idleTimeoutMs` (chunks
   * count on their own). Cheap: one counter increment.
   */
  onActivity?: () => void;
  /**
   * Adapters call this once per request, when the vendor's HTTP response arrived (before its
   * body is read), with its status and request id. Core passes it only when hooks are set; it
   * becomes the `onResponse` hook's `status` and `requestId`.
   */
  onResponse?: (info: ResponseInfo) => void;
}

/** What an adapter reports about the HTTP response to `StreamOptions.onResponse`. */
export interface ResponseInfo {
  /** The HTTP status (200 for a stream that started). */
  status: number;
  /** The vendor's request id header (`x-request-id`, `request-id`), when sent. */
  requestId?: string;
}

/** A model of one vendor, ready to stream. */
export interface LLM {
  /** The provider name it was registered under (`"openai"`, `"groq"` …). */
  readonly provider: string;
  readonly modelId: string;
  /**
   * Streams normalized chunks. Leaving the iteration early or aborting closes the
   * vendor's HTTP stream. Failures are thrown as `LLMError`.
   */
  createChatCompletionStream(request: ChatCompletionRequest, options?: StreamOptions): AsyncIterable<ChatChunk>;
}

/** What an adapter factory returns (`openai()`, `anthropic()` …). */
export interface ProviderPlugin {
  readonly name: string;
  /** The core contract version the adapter was built for (`CORE_CONTRACT_VERSION`). */
  readonly contractVersion: number;
  languageModel(modelId: string): LLM;
}
