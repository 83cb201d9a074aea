import type { Usage } from './usage.js';

/**
 * Why a choice stopped. `null` on a chunk means "not finished yet" (the Go original's
 * `FinishReasonNull`). An unknown or failed ending is never reported as `'stop'`.
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/** A fragment of one tool call. Fragments of the same call share `index`. */
export interface ToolCallDelta {
  /**
   * Position of the call within the choice. Some OpenAI-compatible servers omit it:
   * then a fragment with an `id` starts a new call and one without continues the latest.
   */
  index?: number;
  /** Vendor id; a different id at an index already in use starts a new call. */
  id?: string;
  name?: string;
  /** A fragment of the JSON arguments text. */
  arguments?: string;
  /** Opaque vendor data to send back with this call next turn (Gemini thought signature). */
  signature?: string;
  /** The vendor's own id for the call's item (OpenAI Responses `fc_…`), kept as `ToolCall.itemId`. */
  itemId?: string;
  /** Set by adapters that know the call is whole (block stopped, or sent in one piece). */
  done?: boolean;
}

/** The incremental content of one choice. */
export interface ChunkDelta {
  role?: 'assistant';
  content?: string;
  /** Reasoning ("thinking") text. */
  reasoning?: string;
  /**
   * Opaque signature that closes the current reasoning block (Anthropic `signature_delta`,
   * Gemini `thoughtSignature`). Reasoning after it starts a new block.
   */
  reasoningSignature?: string;
  /**
   * The vendor's id of the current reasoning block (OpenAI Responses `rs_…`), kept as
   * `ReasoningPart.itemId`. Like a signature, it closes the block.
   */
  reasoningItemId?: string;
  /** A whole redacted reasoning block: opaque data to send back as it is. */
  redactedReasoning?: string;
  refusal?: string;
  toolCalls?: ToolCallDelta[];
}

export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finishReason: FinishReason | null;
  /** The vendor's own finish value, kept beside the normalized one. */
  rawFinishReason?: string;
}

/** The one normalized stream element, shaped like an OpenAI chat completion chunk. */
export interface ChatChunk {
  id?: string;
  model?: string;
  choices: ChunkChoice[];
  /** A usage snapshot: it replaces any earlier one. */
  usage?: Usage;
  /** The vendor event this chunk was mapped from, when the adapter was asked to keep it. */
  raw?: unknown;
}
