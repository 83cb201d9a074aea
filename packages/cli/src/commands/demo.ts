import { startReplayServer } from '@switchyard/conformance/replay';
import {
  type ChatCompletionRequest,
  isLLMError,
  type OutputMessage,
  type StreamHandler,
  streamChatCompletion,
} from '@switchyard/core';
import { formatError } from '../format-error.js';
import type { Io } from '../io.js';
import { DEFAULT_SCENARIO, DEMO_CUT_AT } from '../replay-defaults.js';
import { resolveModel } from '../resolve-model.js';
import { colorsEnabled, createStyle, type Style } from '../style.js';
import { formatToolCall } from './chat.js';

/** The question every vendor is asked, and the tool each may call. */
export const DEMO_REQUEST: ChatCompletionRequest = {
  messages: [{ role: 'user', content: "What's the weather in Paris and in Tokyo right now?" }],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
};

/** The three vendors, by the spec string an app would use live. */
export const DEMO_VENDORS: ReadonlyArray<{ label: string; spec: string; keyEnv: string }> = [
  { label: 'OpenAI', spec: 'openai-responses:gpt-5.4', keyEnv: 'OPENAI_API_KEY' },
  { label: 'Anthropic', spec: 'anthropic:claude-sonnet-5-5', keyEnv: 'ANTHROPIC_API_KEY' },
  { label: 'Google', spec: 'google:gemini-2.5-flash', keyEnv: 'GEMINI_API_KEY' },
];

/**
 * `switchyard demo`: one question, three vendors, one handler — each answer a recorded stream
 * of that vendor replayed from a local server through the vendor's own SDK — then a stream
 * cut before its end.
 */
export async function demo(io: Io, options: { verbose?: boolean } = {}): Promise<number> {
  const style = createStyle(colorsEnabled(io.stdout, io.env));
  const out = (text = ''): void => {
    io.stdout.write(`${text}\n`);
  };
  const server = await startReplayServer({ fallbackScenario: DEFAULT_SCENARIO });
  const placeholder = 'replay-placeholder-key';
  try {
    out(style.bold('switchyard demo: one question, three vendors, the same code'));
    out(
      style.dim(
        'These answers are RECORDED vendor streams replayed from a local server (127.0.0.1): no network, no API key.\nEach goes through the real vendor SDK and switchyard adapter, byte for byte as the vendor sends it.',
      ),
    );
    out();
    out(
      `Question: ${style.cyan(JSON.stringify((DEMO_REQUEST.messages[0] as { content: string }).content))}  (tool: get_weather)`,
    );
    const results: Array<{ label: string; spec: string; message: OutputMessage }> = [];
    for (const vendor of DEMO_VENDORS) {
      out();
      out(`${style.bold(`── ${vendor.label}`)}  ${style.cyan(vendor.spec)} ${style.dim('(replayed)')}`);
      const model = await resolveModel(vendor.spec, {
        baseURL: server.baseURL(vendorOf(vendor.spec)),
        apiKey: placeholder,
      });
      const message = await streamChatCompletion(DEMO_REQUEST, handler(io, style), model, {
        signal: io.signal,
        maxRetries: 0,
      });
      results.push({ label: vendor.label, spec: vendor.spec, message });
    }
    out();
    out(style.bold('Normalized results, side by side'));
    for (const line of sideBySide(results)) out(`  ${line}`);

    out();
    out(
      `${style.bold('── A stream cut before its end')}  ${style.cyan('openai:gpt-5.4-mini')} ${style.dim('(replayed, truncated)')}`,
    );
    // The same recorded answer, cut by the server after the first bytes of its text.
    const truncated = await resolveModel(`openai:gpt-5.4-mini~cut-${DEMO_CUT_AT}`, {
      baseURL: server.baseURL('openai'),
      apiKey: placeholder,
    });
    try {
      await streamChatCompletion(DEMO_REQUEST, handler(io, style), truncated, { signal: io.signal, maxRetries: 0 });
      out(style.red('\n(the truncated stream was not reported: this is a bug)'));
      return 1;
    } catch (error) {
      if (!isLLMError(error)) throw error;
      out();
      for (const line of formatError(error, { verbose: options.verbose })) out(`  ${line}`);
      out(`  partial output kept: ${JSON.stringify(error.partial?.content ?? '')} (never a silent "stop")`);
    }
    out();
    out(style.bold('To go live'));
    out('  Set the vendor key and keep the code; the spec string is the only line that names the vendor:');
    for (const vendor of DEMO_VENDORS) out(`    ${vendor.keyEnv.padEnd(18)} → ${vendor.spec}`);
    out(`  Try: ${style.cyan('switchyard chat anthropic:claude-sonnet-5-5 "Hello"')}`);
    return 0;
  } finally {
    await server.close();
  }
}

function vendorOf(spec: string): 'openai' | 'anthropic' | 'google' {
  if (spec.startsWith('anthropic:')) return 'anthropic';
  if (spec.startsWith('google:')) return 'google';
  return 'openai';
}

/** The one handler every vendor's stream goes through. */
function handler(io: Io, style: Style): StreamHandler {
  let inReasoning = false;
  return {
    onReasoning(delta) {
      if (!inReasoning) io.stdout.write(style.dim('thinking: '));
      inReasoning = true;
      io.stdout.write(style.dim(delta));
    },
    onToken(token) {
      if (inReasoning) io.stdout.write('\n');
      inReasoning = false;
      io.stdout.write(token);
    },
    onToolCall(call) {
      io.stdout.write(`\n${formatToolCall(call, style).trimEnd()}`);
      inReasoning = false;
    },
    onComplete() {
      io.stdout.write('\n');
    },
  };
}

function sideBySide(results: Array<{ label: string; spec: string; message: OutputMessage }>): string[] {
  const rows: Array<[string, ...string[]]> = [
    ['', ...results.map((result) => result.label)],
    ['finishReason', ...results.map((result) => result.message.finishReason)],
    ['vendor finish', ...results.map((result) => result.message.rawFinishReason ?? '')],
    [
      'tool calls',
      ...results.map((result) =>
        result.message.toolCalls
          .map((call) => `${call.name}(${(call.input as { city?: string })?.city ?? '…'})`)
          .join(' '),
      ),
    ],
    [
      'reasoning',
      ...results.map((result) => (result.message.reasoning ? `${result.message.reasoning.length} chars` : '—')),
    ],
    [
      'usage in/out',
      ...results.map((result) =>
        result.message.usage ? `${result.message.usage.inputTokens} / ${result.message.usage.outputTokens}` : '—',
      ),
    ],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)) + 2);
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('')
      .trimEnd(),
  );
}
