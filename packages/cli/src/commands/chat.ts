import {
  type ChatCompletionRequest,
  chatStream,
  type Message,
  type OutputMessage,
  streamChatCompletion,
  type ToolCall,
} from '@switchyard/core';
import { formatError } from '../format-error.js';
import { formatSummary } from '../format-summary.js';
import type { Io } from '../io.js';
import type { ChatArgs } from '../parse-args.js';
import { readPrompt, readTools } from '../read-input.js';
import { resolveModel } from '../resolve-model.js';
import { colorsEnabled, createStyle } from '../style.js';

/** `switchyard chat <spec> [prompt]`: streams one answer; resolves with the exit code. */
export async function chat(args: ChatArgs, io: Io): Promise<number> {
  const request = await buildRequest(args, io);
  const model = await resolveModel(args.spec, args.baseURL === undefined ? {} : { baseURL: args.baseURL });
  const started = performance.now();
  if (args.json) return chatJson(request, model, args, io, started);

  const style = createStyle(colorsEnabled(io.stdout, io.env));
  const errStyle = createStyle(colorsEnabled(io.stderr, io.env));
  // Reasoning goes beside the answer on a terminal (dimmed); piped, only the answer is on stdout.
  const reasoningOut = io.stdout.isTTY === true ? io.stdout : io.stderr;
  let firstToken: number | undefined;
  // Where the output is: callbacks move it, so it lives in an object the compiler cannot narrow.
  const at: { section: 'none' | 'reasoning' | 'content' | 'tool' } = { section: 'none' };
  let atLineStart = true;
  const write = (text: string): void => {
    if (text === '') return;
    io.stdout.write(text);
    atLineStart = text.endsWith('\n');
  };

  try {
    const message = await streamChatCompletion(
      request,
      {
        onReasoning(delta) {
          firstToken ??= performance.now();
          if (!args.reasoning) return;
          at.section = 'reasoning';
          reasoningOut.write(reasoningOut === io.stdout ? style.dim(delta) : delta);
          if (reasoningOut === io.stdout) atLineStart = delta.endsWith('\n');
        },
        onToken(token) {
          firstToken ??= performance.now();
          if (at.section === 'reasoning') {
            // The answer starts on its own line, after a blank one.
            if (reasoningOut === io.stdout) write(atLineStart ? '\n' : '\n\n');
            else io.stderr.write('\n\n');
          } else if (at.section === 'tool') {
            write('\n');
          }
          at.section = 'content';
          write(token);
        },
        onToolCall(call) {
          if (at.section === 'reasoning' && reasoningOut !== io.stdout) io.stderr.write('\n');
          if (!atLineStart) write('\n');
          if (at.section !== 'none') write('\n');
          at.section = 'tool';
          write(formatToolCall(call, style));
        },
      },
      model,
      { signal: io.signal },
    );
    if (!atLineStart) write('\n');
    if (at.section === 'reasoning' && reasoningOut !== io.stdout) io.stderr.write('\n');
    io.stderr.write(`${errStyle.dim(formatSummary(message, timings(started, firstToken)))}\n`);
    return 0;
  } catch (error) {
    if (!atLineStart) write('\n');
    if (io.signal.aborted) {
      io.stderr.write(`${errStyle.dim('aborted')}\n`);
      return 130;
    }
    for (const line of formatError(error, { verbose: args.verbose, spec: args.spec, baseURL: args.baseURL })) {
      io.stderr.write(`${line.startsWith('error') ? errStyle.red(line) : line}\n`);
    }
    return 1;
  }
}

async function chatJson(
  request: ChatCompletionRequest,
  model: Awaited<ReturnType<typeof resolveModel>>,
  args: ChatArgs,
  io: Io,
  started: number,
): Promise<number> {
  let firstToken: number | undefined;
  const stream = chatStream(request, model, { signal: io.signal });
  try {
    for await (const event of stream) {
      if ((event.type === 'token' || event.type === 'reasoning') && firstToken === undefined) {
        firstToken = performance.now();
      }
      if (event.type === 'reasoning' && !args.reasoning) continue;
      if (event.type === 'complete') {
        const { timeToFirstTokenMs, totalMs } = timings(started, firstToken);
        io.stdout.write(`${JSON.stringify({ ...event, timeToFirstTokenMs, totalMs })}\n`);
      } else {
        io.stdout.write(`${JSON.stringify(event)}\n`);
      }
    }
    return 0;
  } catch (error) {
    const failure = error as { code?: string; message?: string; partial?: OutputMessage };
    io.stdout.write(
      `${JSON.stringify({ type: 'error', error: { code: failure.code ?? 'unknown', message: failure.message ?? String(error) }, partial: failure.partial })}\n`,
    );
    if (io.signal.aborted) return 130;
    for (const line of formatError(error, { verbose: args.verbose, spec: args.spec, baseURL: args.baseURL }))
      io.stderr.write(`${line}\n`);
    return 1;
  }
}

async function buildRequest(args: ChatArgs, io: Io): Promise<ChatCompletionRequest> {
  const prompt = args.prompt ?? (await readPrompt(io));
  const messages: Message[] = [];
  if (args.system !== undefined) messages.push({ role: 'system', content: args.system });
  messages.push({ role: 'user', content: prompt });
  const request: ChatCompletionRequest = { messages };
  if (args.temperature !== undefined) request.temperature = args.temperature;
  if (args.maxTokens !== undefined) request.maxTokens = args.maxTokens;
  if (args.toolsFile !== undefined) request.tools = await readTools(args.toolsFile);
  return request;
}

/** A completed tool call: its name, then its input as indented JSON. */
export function formatToolCall(call: ToolCall, style: ReturnType<typeof createStyle>): string {
  const body =
    call.input === undefined
      ? `${call.arguments}\n  (the arguments are not valid JSON${call.parseError ? `: ${call.parseError}` : ''})`
      : JSON.stringify(call.input, null, 2);
  const indented = body.replace(/\n/g, '\n  ');
  return `${style.cyan(`→ ${call.name}`)} ${style.dim(`(${call.id})`)}\n  ${indented}\n`;
}

function timings(started: number, firstToken: number | undefined) {
  const now = performance.now();
  return {
    timeToFirstTokenMs: firstToken === undefined ? undefined : firstToken - started,
    totalMs: now - started,
  };
}
