import { LLMError, type Tool, type ToolChoice, toolJsonSchema } from '@switchyard/core';
import type { ChatCompletionFunctionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import { toStrictSchema } from './convert-schema.js';

/**
 * Converts our tools to Chat Completions function tools. Pure. A Standard Schema sends its
 * JSON Schema; `strict: true` reduces it to strict mode's rules (`toStrictSchema`).
 */
export function convertTools(tools: readonly Tool[], provider = 'openai'): ChatCompletionFunctionTool[] {
  return tools.map((tool) => {
    const schema = toolJsonSchema(tool, provider);
    const fn: ChatCompletionFunctionTool['function'] = {
      name: tool.name,
      parameters: tool.strict === true ? toStrictSchema(schema, `tools "${tool.name}" parameters`, provider) : schema,
    };
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.strict === true) fn.strict = true;
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
