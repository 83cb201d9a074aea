import type { FinishReason } from './chunk.js';
import type { OutputMessage } from './message.js';
import type { ToolCall } from './tool-call.js';
import type { Usage } from './usage.js';

/** The outcome of one tool call in `runTools`, in the shape of the tool message it became. */
export interface ToolResult {
  toolCallId: string;
  name: string;
  /** The validated input the tool received (the parsed arguments when it never ran). */
  input: unknown;
  /** What `execute` returned; undefined for an error result. */
  output?: unknown;
  /** The text the model sees: a string result as it is, anything else as JSON. */
  content: string;
  /** The tool threw, was unknown, or its arguments did not parse or validate. */
  isError?: boolean;
}

/** One model call of `runTools` and the tools it ran. */
export interface ToolStep {
  /** 1-based. */
  step: number;
  message: OutputMessage;
  finishReason: FinishReason;
  /** This step's own usage, when the vendor reported it. */
  usage?: Usage;
  toolCalls: ToolCall[];
  /** Results of the calls that ran, in call order. */
  toolResults: ToolResult[];
}
