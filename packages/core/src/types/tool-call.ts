/** A tool the model may call. `parameters` is a JSON Schema object. */
export interface Tool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** A complete tool call, as delivered to `onToolCall` and kept in the message. */
export interface ToolCall {
  /** The vendor's id as sent, or a generated one unique across calls and turns. */
  id: string;
  name: string;
  /** The raw JSON arguments text as the model wrote it (`""` when it sent none). */
  arguments: string;
  /** The parsed arguments: `{}` for empty text, `undefined` when the text is not JSON. */
  input: unknown;
  /** Why `arguments` could not be parsed; the call is still delivered, never dropped. */
  parseError?: string;
  /** Opaque vendor data that must go back with this call (Gemini thought signature). */
  signature?: string;
  /** The provider (registered name) that issued `signature` and `itemId`. Set by core. */
  provider?: string;
  /** The vendor's own id for the call's item (OpenAI Responses `fc_…`), opaque. */
  itemId?: string;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'tool'; name: string };
