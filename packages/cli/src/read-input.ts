import { readFile } from 'node:fs/promises';
import type { Tool } from '@switchyard/core';
import type { Io } from './io.js';
import { UsageError } from './parse-args.js';

/** The prompt piped on standard input (a terminal with nothing piped is a usage mistake). */
export async function readPrompt(io: Io): Promise<string> {
  if (io.stdin.isTTY === true) {
    throw new UsageError(
      'No prompt: give one after the spec (switchyard chat openai:gpt-5.4-mini "Hello") or pipe it in.',
    );
  }
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of io.stdin)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const prompt = text.trim();
  if (prompt === '') throw new UsageError('The prompt on standard input is empty.');
  return prompt;
}

/** Tools from a JSON file: an array of `{ name, description?, parameters }`. */
export async function readTools(path: string): Promise<Tool[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read --tools file "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--tools file "${path}" is not JSON: ${(error as Error).message}.`);
  }
  const tools = Array.isArray(value) ? value : (value as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(tools)) {
    throw new UsageError(
      `--tools file "${path}" must hold an array of tools: [{ "name": …, "parameters": { "type": "object", … } }].`,
    );
  }
  return tools as Tool[];
}
