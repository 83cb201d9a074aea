import { isLLMError, type LLMError } from '@switchyard/core';
import { BASE_URL_ENV, providerTable } from './provider-table.js';

/**
 * An error as the CLI prints it: one line saying what happened, a hint line saying what to
 * do, and with `verbose` the cause chain (already redacted by core: no key survives there).
 */
export function formatError(
  error: unknown,
  options: { verbose?: boolean; spec?: string; baseURL?: string } = {},
): string[] {
  if (!isLLMError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return [`error: ${firstLine(text)}`];
  }
  const lines = [`error [${error.code}]: ${firstLine(error.message)}`];
  const hint = hintFor(error, options.spec, options.baseURL);
  if (hint !== undefined) lines.push(`hint: ${hint}`);
  if (options.verbose === true) lines.push(...causeLines(error));
  return lines;
}

function hintFor(error: LLMError, spec: string | undefined, baseURL: string | undefined): string | undefined {
  const row = providerTable().find((candidate) => candidate.name === error.provider);
  switch (error.code) {
    case 'auth':
      if (row !== undefined && row.keyEnv.length > 0) {
        return `set ${row.keyEnv.join(' or ')} (run \`switchyard providers\` to see which keys are set).`;
      }
      return 'check the API key for this provider (run `switchyard providers` to see which keys are set).';
    case 'network':
    case 'timeout': {
      const variable = BASE_URL_ENV[error.provider];
      const where =
        baseURL ??
        (row === undefined
          ? 'the server'
          : `${row.baseURL} (unless --base-url${variable ? ` or ${variable}` : ''} is set)`);
      return `could not get an answer from ${where}; check that it is reachable.`;
    }
    case 'rate_limit':
    case 'overloaded':
      return 'the vendor is busy or you hit a limit; wait and try again, or use another provider.';
    case 'not_found':
      return spec === undefined ? 'check the model id.' : `check the model id in "${spec}".`;
    case 'stream_truncated':
    case 'aborted':
      return 'the output printed above is the partial answer that arrived.';
    case 'invalid_request':
      if (/unknown provider|no providers/i.test(error.message))
        return 'run `switchyard providers` to list the providers.';
      return undefined;
    default:
      return undefined;
  }
}

function causeLines(error: Error): string[] {
  const lines: string[] = [];
  let cause = (error as { cause?: unknown }).cause;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const code = (cause as { code?: unknown }).code;
    lines.push(`cause: ${firstLine(text)}${typeof code === 'string' ? ` (${code})` : ''}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  return lines;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
