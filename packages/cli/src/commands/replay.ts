import { startReplayServer } from '@switchyard/conformance/replay';
import type { Io } from '../io.js';
import { DEFAULT_SCENARIO } from '../replay-defaults.js';
import { colorsEnabled, createStyle } from '../style.js';

/**
 * `switchyard replay [--port N]`: the replay server in the foreground, with the variables
 * that point the vendor SDKs at it, until Ctrl-C.
 */
export async function replay(port: number | undefined, io: Io): Promise<number> {
  const style = createStyle(colorsEnabled(io.stdout, io.env));
  const server = await startReplayServer({ port, keepAlive: true, fallbackScenario: DEFAULT_SCENARIO });
  const key = 'replay-placeholder-key';
  io.stdout.write(
    [
      `${style.bold('switchyard replay')}: recorded vendor streams on ${server.origin} (loopback only, no API key needed)`,
      '',
      'Point the SDKs at it:',
      `  export OPENAI_BASE_URL=${server.baseURL('openai')} OPENAI_API_KEY=${key}`,
      `  export ANTHROPIC_BASE_URL=${server.baseURL('anthropic')} ANTHROPIC_API_KEY=${key}`,
      `  export GOOGLE_GEMINI_BASE_URL=${server.baseURL('google')} GEMINI_API_KEY=${key}`,
      '',
      `Any model name answers with the "${DEFAULT_SCENARIO}" recording of its vendor; a recording's name`,
      '(e.g. anthropic:thinking-signature) or the header x-switchyard-scenario selects another, and a',
      'suffix adds a fault: openai:gpt-5.4-mini~cut-200, ~stall-100, ~status-429, ~bytes-7 (see docs/replay-server.md).',
      '',
      style.dim('Ctrl-C to stop.'),
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
