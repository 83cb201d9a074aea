import type { FinishReason } from './chunk.js';
import type { ToolCall } from './tool-call.js';
import type { Usage } from './usage.js';

export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image, by URL (`http(s):` or a base64 `data:` URL) or as data with its media type. `data`
 * may be base64 text or the bytes (`Uint8Array`, Node `Buffer`, `ArrayBuffer`); core sends it
 * as base64. Without `mediaType`, PNG, JPEG, GIF and WebP are recognised from their bytes.
 */
export interface ImagePart {
  type: 'image';
  url?: string;
  data?: string | Uint8Array | ArrayBuffer;
  mediaType?: string;
}

export type ContentPart = TextPart | ImagePart;

/**
 * One block of reasoning. `signature` and `redacted` are the vendor's opaque continuation
 * data; they go back verbatim when the message is sent again.
 */
export interface ReasoningPart {
  text: string;
  signature?: string;
  /** Opaque data of a redacted block (its `text` is empty). */
  redacted?: string;
  /**
   * The provider (registered name, e.g. `"anthropic"`) that issued `signature`, `redacted`
   * and `itemId`. Core sets it when it assembles a message; opaque data goes back only to
   * that provider (see docs/cross-vendor.md).
   */
  provider?: string;
  /** The vendor's own id for this reasoning item (OpenAI Responses `rs_…`), opaque. */
  itemId?: string;
}

/**
 * Instructions for the model. `developer` (OpenAI's newer name) is the same as `system`; text
 * parts are joined with a blank line (see docs/requests.md).
 */
export interface SystemMessage {
  role: 'system' | 'developer';
  content: string | TextPart[];
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

export interface AssistantMessage {
  role: 'assistant';
  /**
   * The provider that answered (`OutputMessage.provider`): the issuer of the message's opaque
   * data when its parts carry no tag of their own (see docs/cross-vendor.md).
   */
  provider?: string;
  content: string | null;
  toolCalls?: ToolCall[];
  /** Reasoning text, as in `OutputMessage.reasoning`. */
  reasoning?: string;
  /** Reasoning blocks with signatures, as in `OutputMessage.reasoningParts`. */
  reasoningParts?: ReasoningPart[];
}

export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  /** The tool's name; some vendors (Gemini) match results by name. */
  name?: string;
  content: string;
  /** Marks the result as a failure of the tool. */
  isError?: boolean;
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/**
 * The assembled assistant message. It can be pushed back into `messages` as it is:
 * reasoning signatures and tool calls round-trip with no loss.
 */
export interface OutputMessage {
  role: 'assistant';
  /** The provider (registered name) that answered. Set by core. */
  provider?: string;
  /** The model as the vendor reported it, else as requested. Set by core. */
  model?: string;
  /** The vendor's response id, when it sent one. */
  id?: string;
  content: string;
  /**
   * The parsed, validated value when the request asked for JSON output
   * (`responseFormat` `json` or `json_schema`).
   */
  object?: unknown;
  reasoning?: string;
  reasoningParts?: ReasoningPart[];
  refusal?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage?: Usage;
}
