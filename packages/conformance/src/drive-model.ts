import {
  type ChatCompletionRequest,
  type ChatStream,
  chatStream,
  type LLM,
  type StreamChatOptions,
  streamChatCompletion,
} from '@switchyard/core';
import type { RunOutcome } from './check-result.js';

/** The request every conformance run sends; the recording, not the request, decides the reply. */
export const CONFORMANCE_REQUEST: ChatCompletionRequest = {
  messages: [
    { role: 'system', content: 'You are a conformance test.' },
    { role: 'user', content: 'Hello' },
  ],
  maxTokens: 1024,
};

function emptyOutcome(): RunOutcome {
  return { tokens: '', reasoning: '', toolCalls: [], completions: 0, errors: 0 };
}

/** Runs the model through `streamChatCompletion` and records every callback. Never rejects. */
export async function runWithHandler(llm: LLM, options: StreamChatOptions = {}): Promise<RunOutcome> {
  const outcome = emptyOutcome();
  try {
    outcome.message = await streamChatCompletion(
      CONFORMANCE_REQUEST,
      {
        onToken: (token) => {
          outcome.tokens += token;
        },
        onReasoning: (delta) => {
          outcome.reasoning += delta;
        },
        onToolCall: (call) => {
          outcome.toolCalls.push(call);
        },
        onComplete: () => {
          outcome.completions++;
        },
        onError: () => {
          outcome.errors++;
        },
      },
      llm,
      options,
    );
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

/** Runs the model through `chatStream` iteration and records every event. Never rejects. */
export async function runWithEvents(llm: LLM, options: StreamChatOptions = {}): Promise<RunOutcome> {
  const outcome = emptyOutcome();
  const stream: ChatStream = chatStream(CONFORMANCE_REQUEST, llm, options);
  try {
    for await (const event of stream) {
      if (event.type === 'token') outcome.tokens += event.text;
      else if (event.type === 'reasoning') outcome.reasoning += event.text;
      else if (event.type === 'tool_call') outcome.toolCalls.push(event.toolCall);
      else if (event.type === 'complete') {
        outcome.completions++;
        outcome.message = event.message;
      }
    }
  } catch (error) {
    // The iterator has no onError; a thrown LLMError plays that role.
    outcome.errors++;
    outcome.error = error;
  }
  return outcome;
}
