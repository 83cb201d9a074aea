import type { StandardSchemaV1 } from '../standard-schema.js';
import type { Message } from './message.js';

/** A JSON Schema object (any draft; adapters reduce it to what their vendor accepts). */
export type JsonSchema = Record<string, unknown>;

/** What a tool's `execute` receives beside its input. */
export interface ToolExecuteContext {
  /** The id of the call being executed. */
  toolCallId: string;
  /** Aborted when the run is aborted: stop the tool's work. */
  signal: AbortSignal;
  /** The conversation up to and including the assistant message that made the call. */
  messages: Message[];
}

/**
 * A tool the model may call. `parameters` is a JSON Schema object or a Standard Schema
 * validator (zod 4, valibot, arktype …); with a validator, `runTools` validates the
 * arguments and `execute` receives the validated value.
 */
export interface Tool<Input = unknown> {
  name: string;
  description?: string;
  parameters: JsonSchema | StandardSchemaV1<unknown, Input>;
  /**
   * The JSON Schema sent to the vendor when `parameters` is a validator that does not
   * implement `~standard.jsonSchema` (or to override what it produces).
   */
  jsonSchema?: JsonSchema;
  /** Ask for the vendor's strict schema mode where it has one (OpenAI `strict: true`). */
  strict?: boolean;
  /**
   * Runs the tool in `runTools`. Its result goes back to the model: a string as it is,
   * anything else as JSON. A tool without `execute` ends the loop (human in the loop).
   */
  execute?(input: Input, context: ToolExecuteContext): unknown;
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
