import { parseArgs } from 'node:util';

/** A usage mistake on the command line: printed with the usage line, exit code 1. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

export interface ChatArgs {
  command: 'chat';
  spec: string;
  prompt: string | undefined;
  system: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  toolsFile: string | undefined;
  json: boolean;
  reasoning: boolean;
  baseURL: string | undefined;
  verbose: boolean;
}

export interface ReplayArgs {
  command: 'replay';
  port: number | undefined;
}

export type CliArgs =
  | ChatArgs
  | ReplayArgs
  | { command: 'providers' }
  | { command: 'demo'; verbose: boolean }
  | { command: 'help'; topic: string | undefined }
  | { command: 'version' };

/** Parses `switchyard <command> …`; throws `UsageError` with a message saying what to fix. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help', topic: rest[0] };
    case '--version':
    case '-v':
    case 'version':
      return { command: 'version' };
    case 'chat':
      return parseChat(rest);
    case 'providers':
      strict(rest, {});
      return { command: 'providers' };
    case 'replay': {
      const { values } = strict(rest, { port: { type: 'string' } });
      return { command: 'replay', port: values.port === undefined ? undefined : port(String(values.port)) };
    }
    case 'demo': {
      const { values } = strict(rest, { verbose: { type: 'boolean' } });
      return { command: 'demo', verbose: values.verbose === true };
    }
    default:
      throw new UsageError(`Unknown command "${clip(command)}". Commands: chat, providers, replay, demo, help.`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function strict(args: string[], options: Options, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'Invalid arguments.');
  }
}

function parseChat(args: string[]): ChatArgs {
  const { values, positionals } = strict(
    args,
    {
      system: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      tools: { type: 'string' },
      json: { type: 'boolean' },
      'no-reasoning': { type: 'boolean' },
      'base-url': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    true,
  );
  const [spec, ...words] = positionals;
  if (spec === undefined || spec === '') {
    throw new UsageError(
      'chat needs a model spec: switchyard chat <provider:model> [prompt], e.g. openai:gpt-5.4-mini.',
    );
  }
  return {
    command: 'chat',
    spec,
    prompt: words.length === 0 ? undefined : words.join(' '),
    system: values.system as string | undefined,
    temperature: values.temperature === undefined ? undefined : number('--temperature', values.temperature as string),
    maxTokens: values['max-tokens'] === undefined ? undefined : integer('--max-tokens', values['max-tokens'] as string),
    toolsFile: values.tools as string | undefined,
    json: values.json === true,
    reasoning: values['no-reasoning'] !== true,
    baseURL: values['base-url'] as string | undefined,
    verbose: values.verbose === true,
  };
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${flag} takes a number (got "${clip(text)}").`);
  return value;
}

function integer(flag: string, text: string): number {
  const value = number(flag, text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`${flag} takes a positive whole number (got "${clip(text)}").`);
  }
  return value;
}

function port(text: string): number {
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65535) throw new UsageError(`--port takes 0–65535 (got "${clip(text)}").`);
  return value;
}

/** Echoes user input in messages without letting a huge or odd argument flood the terminal. */
export function clip(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}
