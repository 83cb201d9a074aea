import type { LLMError } from '../errors.js';
import type { OutputMessage } from './message.js';
import type { ToolCall } from './tool-call.js';

/** Callbacks for `streamChatCompletion`; every member is optional. */
export interface StreamHandler {
  /** The first chunk arrived. Called once, even across retries. */
  onStart?(): void;
  onToken?(token: string): void;
  onReasoning?(delta: string): void;
  /** A tool call, delivered as soon as it is provably complete. */
  onToolCall?(toolCall: ToolCall): void;
  onComplete?(message: OutputMessage): void;
  /** Called once on failure, with everything received so far. */
  onError?(error: LLMError, partial: OutputMessage): void;
}
