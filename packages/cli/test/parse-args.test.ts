import { describe, expect, it } from 'vitest';
import { clip, parseCliArgs, UsageError } from '../src/parse-args.js';

describe('parseCliArgs', () => {
  it('reads a chat command with every option', () => {
    expect(
      parseCliArgs([
        'chat',
        'ollama:llama3.1:8b',
        'Hello',
        'there',
        '--system',
        'Be brief.',
        '--temperature',
        '0.5',
        '--max-tokens',
        '100',
        '--tools',
        't.json',
        '--json',
        '--no-reasoning',
        '--base-url',
        'http://localhost:11434/v1',
        '--verbose',
      ]),
    ).toEqual({
      command: 'chat',
      spec: 'ollama:llama3.1:8b',
      prompt: 'Hello there',
      system: 'Be brief.',
      temperature: 0.5,
      maxTokens: 100,
      toolsFile: 't.json',
      json: true,
      reasoning: false,
      baseURL: 'http://localhost:11434/v1',
      verbose: true,
    });
  });

  it('leaves the prompt undefined when none is given (it is read from stdin)', () => {
    expect(parseCliArgs(['chat', 'openai:gpt-5.4-mini'])).toMatchObject({ prompt: undefined, reasoning: true });
  });

  it.each([
    [['chat'], /needs a model spec/],
    [['chat', 'openai:x', '--temperature', 'hot'], /--temperature takes a number/],
    [['chat', 'openai:x', '--max-tokens', '1.5'], /--max-tokens takes a positive whole number/],
    [['chat', 'openai:x', '--max-tokens', '0'], /--max-tokens takes a positive whole number/],
    [['chat', 'openai:x', '--bogus'], /--bogus/],
    [['replay', '--port', '70000'], /--port takes 0–65535/],
    [['replay', '--port', '-1'], /--port/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('rejects %j as a usage mistake', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it.each([[[]], [['help']], [['--help']], [['-h']]])('%j is help', (argv) => {
    expect(parseCliArgs(argv).command).toBe('help');
  });

  it('clips and cleans echoed input', () => {
    expect(clip(`a\u001b[31m${'x'.repeat(100)}`)).toBe(`a?[31m${'x'.repeat(54)}…`);
  });
});
