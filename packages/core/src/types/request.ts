import type { Message } from './message.js';
import type { Tool, ToolChoice } from './tool-call.js';

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json_schema'; name?: string; schema: Record<string, unknown>; strict?: boolean };

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
