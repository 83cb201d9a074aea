import type { IncomingHttpHeaders } from 'node:http';
import type { FinishReason, LLMErrorCode, ReasoningPart, Usage } from '@switchyard/core';

/** The vendors whose wire formats the replay server speaks. */
export type Vendor = 'openai' | 'openai-responses' | 'anthropic' | 'google';

/** Every vendor, in a stable order (used for listings and matrices). */
export const VENDORS: readonly Vendor[] = ['openai', 'openai-responses', 'anthropic', 'google'];

/** A tool call as a recording expects it; `id: "<generated>"` means core generated the id. */
export interface ExpectedToolCall {
  id: string;
  name: string;
  input?: unknown;
  /** The raw arguments text, asserted only when given. */
  arguments?: string;
  /** The vendor's item id (OpenAI Responses `fc_…`), asserted only when given. */
  itemId?: string;
}

/**
 * The normalized result a recording must produce. Omitted keys are not asserted, except
 * `content` and `toolCalls` (absent means `""` and `[]`). With `error`, the other keys
 * describe the error's `partial` message.
 */
export interface ExpectedResult {
  content?: string;
  reasoning?: string;
  reasoningParts?: ReasoningPart[];
  refusal?: string;
  toolCalls?: ExpectedToolCall[];
  finishReason?: FinishReason;
  rawFinishReason?: string;
  usage?: Usage;
  error?: { code: LLMErrorCode };
}

/** One recorded vendor stream: the exact body bytes plus what it must normalize to. */
export interface Recording {
  vendor: Vendor;
  /** The file name without extension; the model name that selects it. */
  scenario: string;
  body: Buffer;
  description: string;
  expected: ExpectedResult;
}

/** One request the replay server received. */
export interface RecordedRequest {
  vendor: Vendor;
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text when it was not JSON, `undefined` when empty). */
  body: unknown;
  /** The full model string, modes included (`"text~bytes-3"`). */
  model: string;
  /** The scenario part of the model string. */
  scenario: string;
  /** True once the client closed the connection before the response ended (an abort reached the server). */
  closedEarly: boolean;
  /** Resolves when the response finished or the connection closed. Never rejects. */
  done: Promise<void>;
}

export interface ReplayServerOptions {
  /** Folder holding `<vendor>/<scenario>.sse` + `.json`; defaults to the package's `recordings`. */
  recordingsDir?: string;
  /** The port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** Keep the process alive while the server listens (default false: tests exit with it open). */
  keepAlive?: boolean;
  /**
   * The recording played when the model name is not a recording's name (a real model id
   * such as `gpt-4o`); modes after `~` still apply. Default: none (such names get a 404).
   */
  fallbackScenario?: string;
}

/** A running replay server on 127.0.0.1. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request received since start or the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The base URL to give the vendor's SDK (`…/v1` for both OpenAI APIs, the origin for the others). */
  baseURL(vendor: Vendor): string;
  /** Clears `requests` and the `failfirst` counters. */
  reset(): void;
  /** Stops listening and destroys open connections, stalled ones included. */
  close(): Promise<void>;
}
