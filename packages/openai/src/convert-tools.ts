import { LLMError, type Tool, type ToolChoice } from '@switchyard/core';
import type { ChatCompletionFunctionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';

/** Converts our tools to Chat Completions function tools. Pure. */
export function convertTools(tools: readonly Tool[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => {
    const fn: ChatCompletionFunctionTool['function'] = { name: tool.name, parameters: tool.parameters };
    if (tool.description !== undefined) fn.description = tool.description;
    return { type: 'function', function: fn };
  });
}

/** Converts our tool choice: `auto`, `none`, `required`, or one named tool. Pure. */
export function convertToolChoice(choice: ToolChoice, provider = 'openai'): ChatCompletionToolChoiceOption {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (typeof choice === 'object' && choice !== null && choice.type === 'tool' && typeof choice.name === 'string') {
    return { type: 'function', function: { name: choice.name } };
  }
  throw new LLMError(
    `${provider}: toolChoice must be 'auto', 'none', 'required' or { type: 'tool', name } (got ${JSON.stringify(choice)}).`,
    { code: 'invalid_request', provider },
  );
}
