import type { LLMError } from '../errors.js';
import type { OutputMessage } from './message.js';
import type { ToolCall } from './tool-call.js';
import type { ToolResult, ToolStep } from './tool-loop.js';

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
  /**
   * The JSON value parsed so far, when the request asked for JSON output: called each time
   * a delta changes it (a tolerant incremental parse, never validated).
   */
  onPartialObject?(partial: unknown): void;
}

/** Callbacks for `runTools`: every `StreamHandler` callback, across steps, plus these. */
export interface RunToolsHandler extends StreamHandler {
  /** A step ended: its message and the results of the tools it ran. */
  onStepFinish?(step: ToolStep): void;
  /** A tool call's result (or error result) is ready; called in completion order. */
  onToolResult?(result: ToolResult): void;
}
