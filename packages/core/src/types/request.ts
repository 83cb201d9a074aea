import type { StandardSchemaV1 } from '../standard-schema.js';
import type { Message } from './message.js';
import type { JsonSchema, Tool, ToolChoice } from './tool-call.js';

/**
 * `json`: any JSON value. `json_schema`: JSON matching `schema`, a JSON Schema or a
 * Standard Schema validator (its `~standard.jsonSchema`, else `jsonSchema`, is what the
 * vendor receives; the output is validated by it). See docs/structured-output.md.
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | {
      type: 'json_schema';
      name?: string;
      schema: JsonSchema | StandardSchemaV1;
      /** The JSON Schema sent when `schema` is a validator without `~standard.jsonSchema`. */
      jsonSchema?: JsonSchema;
      description?: string;
      strict?: boolean;
    };

export interface ChatCompletionRequest {
  messages: Message[];
  tools?: Tool[];
  toolChoice?: ToolChoice;
  /** Whether the model may call several tools in one turn (vendor default when unset). */
  parallelToolCalls?: boolean;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  responseFormat?: ResponseFormat;
  /** Vendor-specific parameters, keyed by provider name (`{ openai: { … } }`). */
  providerOptions?: Record<string, Record<string, unknown>>;
}
