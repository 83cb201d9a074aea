import { isLLMError } from '../errors.js';
import type { ChatChunk, FinishReason } from '../types/chunk.js';
import type { Usage } from '../types/usage.js';
import type { Middleware, StreamMiddlewareContext } from '../wrap-model.js';

/** Where `logging` writes: a function taking a line, or an object such as `console`. */
export type Logger = ((line: string) => void) | { info(line: string): void; error(line: string): void };

/**
 * A middleware that writes one line per model call (each retry is its own call): the
 * provider and model, then the finish reason, response id, token usage and duration, or
 * the error code and HTTP status. Never the request, the output, a key or a header value.
 * Successful and closed-early calls go to `info`, failures to `error`. A logger that
 * throws is ignored: logging never breaks a stream.
 *
 * ```
 * switchyard openai:gpt-4o finish=stop id=chatcmpl-1 in=12 out=34 ms=512
 * switchyard openai:gpt-4o error=rate_limit status=429 ms=120
 * ```
 */
export function logging(logger: Logger): Middleware {
  const info = typeof logger === 'function' ? logger : (line: string) => logger.info(line);
  const error = typeof logger === 'function' ? logger : (line: string) => logger.error(line);
  return {
    wrapStream(stream, context) {
      return { [Symbol.asyncIterator]: () => observe(stream[Symbol.asyncIterator](), context, info, error) };
    },
  };
}

function observe(
  iterator: AsyncIterator<ChatChunk>,
  context: StreamMiddlewareContext,
  info: (line: string) => void,
  error: (line: string) => void,
): AsyncIterator<ChatChunk> {
  const started = now();
  const label = `switchyard ${context.provider}:${context.modelId}`;
  let finish: FinishReason | null = null;
  let usage: Usage | undefined;
  let id: string | undefined;
  let logged = false;

  const write = (to: (line: string) => void, line: string): void => {
    if (logged) return;
    logged = true;
    try {
      to(`${line} ms=${Math.round(now() - started)}`);
    } catch {
      // Documented: a failing logger is ignored.
    }
  };
  const onResult = (result: IteratorResult<ChatChunk>): IteratorResult<ChatChunk> => {
    if (result.done === true) {
      write(info, `${label} finish=${finish ?? 'none'}${id === undefined ? '' : ` id=${id}`}${usageText(usage)}`);
      return result;
    }
    const chunk = result.value;
    if (chunk.id !== undefined) id = chunk.id;
    if (chunk.usage !== undefined) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice !== undefined && choice.finishReason !== null) finish = choice.finishReason;
    return result;
  };
  const onError = (caught: unknown): never => {
    const code = isLLMError(caught) ? caught.code : 'unknown';
    const status = isLLMError(caught) && caught.status !== undefined ? ` status=${caught.status}` : '';
    write(error, `${label} error=${code}${status}`);
    throw caught;
  };

  return {
    next() {
      return iterator.next().then(onResult, onError);
    },
    return(value?: unknown) {
      write(info, `${label} closed early${id === undefined ? '' : ` id=${id}`}`);
      return iterator.return === undefined ? Promise.resolve({ done: true, value: undefined }) : iterator.return(value);
    },
  };
}

function usageText(usage: Usage | undefined): string {
  return usage === undefined ? '' : ` in=${usage.inputTokens} out=${usage.outputTokens}`;
}

function now(): number {
  return performance.now();
}
