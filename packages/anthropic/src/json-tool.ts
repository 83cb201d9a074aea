import type { ChatChunk, ChatCompletionRequest } from '@switchyard/core';

/**
 * The tool forced for `responseFormat: { type: 'json' }`: Anthropic's structured outputs need
 * a closed schema, so free JSON is asked for as the input of this tool and read back as text.
 */
export const JSON_TOOL_NAME = 'json_response';

/** Whether the request's JSON output goes through the forced tool. */
export function usesJsonTool(request: ChatCompletionRequest): boolean {
  return request.responseFormat?.type === 'json';
}

/**
 * The forced tool's input as the message's text: its argument fragments become `content`
 * deltas (so partial objects stream), and its `tool_calls` finish becomes `stop`.
 */
export async function* jsonToolAsText(stream: AsyncIterable<ChatChunk>): AsyncGenerator<ChatChunk> {
  let toolIndex: number | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    const calls = choice?.delta.toolCalls;
    if (choice === undefined || (calls === undefined && choice.finishReason !== 'tool_calls')) {
      yield chunk;
      continue;
    }
    let content = '';
    const others = [];
    for (const call of calls ?? []) {
      if (call.name === JSON_TOOL_NAME) toolIndex = call.index;
      if (call.index !== undefined && call.index === toolIndex) content += call.arguments ?? '';
      else others.push(call);
    }
    const delta = { ...choice.delta };
    if (others.length > 0) delta.toolCalls = others;
    else delete delta.toolCalls;
    if (content !== '') delta.content = (delta.content ?? '') + content;
    const finishReason = choice.finishReason === 'tool_calls' && others.length === 0 ? 'stop' : choice.finishReason;
    yield { ...chunk, choices: [{ ...choice, delta, finishReason }, ...chunk.choices.slice(1)] };
  }
}
