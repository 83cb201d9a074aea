import {
  CORE_CONTRACT_VERSION,
  chatStream,
  isLLMError,
  type LLM,
  type LLMError,
  type ProviderPlugin,
  type StreamChatOptions,
  streamChatCompletion,
} from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkResult, describeError, type RunOutcome } from './check-result.js';
import { cutOffsets } from './cut-offsets.js';
import { CONFORMANCE_REQUEST, runWithEvents, runWithHandler } from './drive-model.js';
import { loadRecordings } from './load-recordings.js';
import { primaryRecording, representativeRecordings } from './pick-scenarios.js';
import { defaultRecordingsDir } from './recordings-dir.js';
import { startReplayServer } from './replay-server.js';
import { type HostileOptions, runHostileSuite } from './run-hostile.js';
import { registerToolLoops } from './run-tool-loop.js';
import { eventBoundaries } from './split-events.js';
import type { RecordedRequest, Recording, ReplayServer, Vendor } from './types.js';

export interface ConformanceOptions {
  /** The wire format the adapter speaks; picks the recordings and the routes. */
  vendor: Vendor;
  /** The adapter's name in test names and the docs matrix (default: `vendor`). */
  label?: string;
  /** Builds the adapter pointed at the replay server (`baseURL` as the vendor's SDK expects it). */
  createPlugin(baseURL: string): ProviderPlugin;
  /** Scenario ids to register as skipped (shown as "—" in the matrix). */
  skip?: string[];
  /** How the server writes each recording (default: events, bytes-1, bytes-2, bytes-3). */
  writeModes?: string[];
  /** Recordings to cut at every event boundary (default: a few representative ones). */
  cutScenarios?: string[];
  /** Another recordings folder (default: the package's own). */
  recordingsDir?: string;
  /**
   * Recordings larger than this run only the first `bytes-*` write mode; the others are
   * reported as skipped. Default: no limit, every recording runs in every mode (large
   * bodies are re-chunked in longer pieces, see `splitBytes`).
   */
  largeRecordingBytes?: number;
  /** The hostile-server suite (`runHostileSuite`) runs too unless this is `false`; an object tunes it. */
  hostile?: false | Omit<HostileOptions, 'vendor' | 'createPlugin'>;
}

/** The write modes every recording is replayed in unless the caller says otherwise. */
export const DEFAULT_WRITE_MODES: readonly string[] = ['events', 'bytes-1', 'bytes-2', 'bytes-3'];

// Separates adapter, scenario and mode in test names; scripts/generate-matrix.mjs splits on it.
const SEP = ' › ';
const FAST_RETRIES: StreamChatOptions['retryDelay'] = { initialMs: 1, maxMs: 5 };

/**
 * Registers vitest suites proving that an adapter turns every recorded vendor stream into
 * the expected message, under every write mode, truncation, HTTP error, retry, abort and
 * early exit, through core's public API only. Call it at the top level of a test file.
 */
export function runConformance(options: ConformanceOptions): void {
  const { vendor } = options;
  const label = options.label ?? vendor;
  const skip = new Set(options.skip ?? []);
  const writeModes = options.writeModes ?? DEFAULT_WRITE_MODES;
  const recordings = loadRecordings(vendor, options.recordingsDir);
  const active = recordings.filter((recording) => !skip.has(recording.scenario));
  const cutRecordings =
    options.cutScenarios === undefined
      ? representativeRecordings(active)
      : active.filter((recording) => options.cutScenarios?.includes(recording.scenario));
  const primary = primaryRecording(active);
  const largeBytes = options.largeRecordingBytes ?? Number.POSITIVE_INFINITY;
  const firstBytesMode = writeModes.find((mode) => mode.startsWith('bytes-'));
  const name = (scenario: string, mode: string): string => `${label}${SEP}${scenario}${SEP}${mode}`;
  const hostile = options.hostile;
  if (hostile !== false) runHostileSuite({ vendor, label, createPlugin: options.createPlugin, ...hostile });

  describe(`conformance: ${label} (${vendor} wire format)`, () => {
    let server: ReplayServer;
    let plugin: ProviderPlugin;
    const generatedIds = new Set<string>();
    const unhandled: unknown[] = [];
    const collect = (reason: unknown): void => {
      unhandled.push(reason);
    };

    beforeAll(async () => {
      process.on('unhandledRejection', collect);
      server = await startReplayServer(
        options.recordingsDir === undefined ? {} : { recordingsDir: options.recordingsDir },
      );
      plugin = options.createPlugin(server.baseURL(vendor));
    });
    afterAll(async () => {
      process.off('unhandledRejection', collect);
      await server?.close();
    });
    beforeEach(() => server.reset());

    const model = (id: string): LLM => plugin.languageModel(id);
    const requestsFor = (id: string): RecordedRequest[] => server.requests.filter((request) => request.model === id);

    it(name('plugin', 'contract-version'), () => {
      expect(typeof plugin.name).toBe('string');
      expect(plugin.contractVersion).toBe(CORE_CONTRACT_VERSION);
    });

    if (recordings.length === 0) {
      it(name('recordings', 'present'), () => {
        expect.fail(`no ${vendor} recordings found; check recordingsDir`);
      });
    }

    // --- tool loops: multi-step conversations through runTools (run-tool-loop.ts) ---------
    registerToolLoops({
      vendor,
      recordingsDir: options.recordingsDir ?? defaultRecordingsDir(),
      model,
      name,
      skip,
      writeModes: writeModes.slice(0, 2),
    });

    // --- every recording, every write mode ----------------------------------------------
    for (const recording of recordings) {
      const skipped = skip.has(recording.scenario);
      const large = recording.body.length > largeBytes;
      for (const mode of [...writeModes, 'chat-stream']) {
        const thinned = large && mode.startsWith('bytes-') && mode !== firstBytesMode;
        const register = skipped || thinned ? it.skip : it;
        register(
          name(recording.scenario, mode),
          async () => {
            const id = mode === 'chat-stream' ? recording.scenario : `${recording.scenario}~${mode}`;
            const run = mode === 'chat-stream' ? runWithEvents : runWithHandler;
            const outcome = await run(model(id), { maxRetries: 0 });
            expect(checkResult(recording.expected, outcome, generatedIds), recording.description).toEqual([]);
            expect(requestsFor(id)).toHaveLength(1);
          },
          60_000,
        );
      }
    }

    // --- truncation: the connection drops at every event boundary and mid-event ---------
    for (const recording of cutRecordings) {
      it(name(recording.scenario, 'cut-at-events'), async () => {
        const problems: string[] = [];
        for (const offset of cutOffsets(recording.body)) {
          const outcome = await runWithHandler(model(`${recording.scenario}~cut-${offset}`), { maxRetries: 0 });
          for (const problem of checkTruncated(recording, outcome)) problems.push(`cut-${offset}: ${problem}`);
        }
        expect(problems).toEqual([]);
      }, 60_000);
    }

    if (primary === undefined) return;
    const scenario = primary.scenario;

    // --- HTTP errors map to codes --------------------------------------------------------
    const httpCases: Array<[mode: string, status: number, code: string]> = [
      ['status-401', 401, 'auth'],
      ['status-403', 403, 'permission'],
      ['status-404', 404, 'not_found'],
      ['status-400~ctx', 400, 'context_length'],
      ['status-429~retry-1', 429, 'rate_limit'],
      ['status-500', 500, 'server'],
      ['status-503', 503, 'overloaded'],
      ['status-529', 529, 'overloaded'],
    ];
    for (const [mode, status, code] of httpCases) {
      it(name('http-errors', mode), async () => {
        const outcome = await runWithHandler(model(`${scenario}~${mode}`), { maxRetries: 0 });
        const error = expectLLMError(outcome);
        expect({ code: error.code, status: error.status }).toEqual({ code, status });
        if (status === 429) expect(error.retryAfterMs).toBe(1000);
        expect(error.partial).toMatchObject({ content: '', toolCalls: [], finishReason: 'error' });
        expect(outcome.errors).toBe(1);
      });
    }

    it(name('http-errors', 'unknown-model'), async () => {
      const outcome = await runWithHandler(model('no-such-scenario'), { maxRetries: 0 });
      expect(expectLLMError(outcome).code).toBe('not_found');
    });

    // --- retries ---------------------------------------------------------------------------
    it(name('retries', 'failfirst-2-503-succeeds'), async () => {
      const id = `${scenario}~status-503~failfirst-2`;
      const outcome = await runWithHandler(model(id), { maxRetries: 2, retryDelay: FAST_RETRIES });
      expect(checkResult(primary.expected, outcome, generatedIds)).toEqual([]);
      expect(requestsFor(id)).toHaveLength(3);
    });

    it(name('retries', 'gives-up-after-max-retries'), async () => {
      const id = `${scenario}~status-503~failfirst-5`;
      const outcome = await runWithHandler(model(id), { maxRetries: 2, retryDelay: FAST_RETRIES });
      expect(expectLLMError(outcome).code).toBe('overloaded');
      expect(requestsFor(id)).toHaveLength(3);
    });

    it(name('retries', 'honours-retry-after'), async () => {
      const id = `${scenario}~status-429~retry-0~failfirst-1`;
      const outcome = await runWithHandler(model(id), { maxRetries: 1, retryDelay: FAST_RETRIES });
      expect(checkResult(primary.expected, outcome, generatedIds)).toEqual([]);
      expect(requestsFor(id)).toHaveLength(2);
    });

    it(name('retries', 'auth-not-retried'), async () => {
      const id = `${scenario}~status-401`;
      const outcome = await runWithHandler(model(id), { maxRetries: 2, retryDelay: FAST_RETRIES });
      expect(expectLLMError(outcome).code).toBe('auth');
      expect(requestsFor(id)).toHaveLength(1);
    });

    // Only OpenAI (both APIs) has a quota error that arrives as a 429.
    if (vendor === 'openai' || vendor === 'openai-responses') {
      it(name('retries', 'quota-not-retried'), async () => {
        const id = `${scenario}~status-429~quota`;
        const outcome = await runWithHandler(model(id), { maxRetries: 2, retryDelay: FAST_RETRIES });
        const error = expectLLMError(outcome);
        expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'rate_limit', retryable: false });
        expect(requestsFor(id)).toHaveLength(1);
      });
    }

    // --- aborts and early exits close the connection --------------------------------------
    const boundaries = eventBoundaries(primary.body);
    const stallAfterSome = boundaries[1] ?? boundaries[0] ?? 0;

    it(name('abort', 'mid-stream'), async () => {
      const id = `${scenario}~stall-${stallAfterSome}`;
      const controller = new AbortController();
      const running = runWithHandler(model(id), { maxRetries: 0, signal: controller.signal });
      await waitFor(() => requestsFor(id).length === 1, 'the request never reached the replay server');
      // Let the stalled bytes reach the adapter before pulling the plug.
      await delay(30);
      controller.abort();
      const outcome = await running;
      const error = expectLLMError(outcome);
      expect(error.code).toBe('aborted');
      expect(isPrefix(error.partial?.content ?? '', primary.expected.content ?? '')).toBe(true);
      await expectClosedEarly(requestsFor(id)[0]!);
    });

    it(name('abort', 'before-start'), async () => {
      const controller = new AbortController();
      controller.abort();
      const outcome = await runWithHandler(model(scenario), { maxRetries: 2, signal: controller.signal });
      expect(expectLLMError(outcome).code).toBe('aborted');
    });

    it(name('early-exit', 'chat-stream-break'), async () => {
      const id = `${scenario}~stall-${Math.max(0, primary.body.length - 1)}`;
      let events = 0;
      for await (const _event of chatStream(CONFORMANCE_REQUEST, model(id), { maxRetries: 0 })) {
        events++;
        break;
      }
      expect(events).toBe(1);
      await expectClosedEarly(requestsFor(id)[0]!);
    });

    it(name('early-exit', 'throwing-callback'), async () => {
      const id = `${scenario}~stall-${Math.max(0, primary.body.length - 1)}`;
      const failing = streamChatCompletion(
        CONFORMANCE_REQUEST,
        {
          onStart: () => {
            throw new Error('handler failed on purpose');
          },
        },
        model(id),
        { maxRetries: 0 },
      );
      await expect(failing).rejects.toSatisfy(isLLMError);
      await expectClosedEarly(requestsFor(id)[0]!);
    });

    // Registered last, so it sees rejections left behind by every test above.
    it(name('unhandled-rejections', 'none'), async () => {
      await delay(20);
      expect(unhandled.map(describeError)).toEqual([]);
    });
  });
}

/** A cut stream either completed (the cut fell after the terminal event) or is `stream_truncated`. */
function checkTruncated(recording: Recording, outcome: RunOutcome): string[] {
  if (outcome.message !== undefined) {
    // Usage may trail the terminal event (OpenAI sends it in a chunk after finish_reason),
    // so a cut just after the finish completes the message without it.
    const expected =
      outcome.message.usage === undefined ? { ...recording.expected, usage: undefined } : recording.expected;
    return checkResult(expected, outcome);
  }
  const error = outcome.error;
  if (!isLLMError(error)) return [`expected stream_truncated, got ${describeError(error)}`];
  const problems: string[] = [];
  if (error.code !== 'stream_truncated') problems.push(`expected stream_truncated, got ${describeError(error)}`);
  const partial = error.partial;
  if (partial === undefined) return [...problems, 'error.partial is missing'];
  const expectedContent = recording.expected.content ?? '';
  if (!isPrefix(partial.content, expectedContent)) {
    problems.push(
      `partial.content ${JSON.stringify(partial.content)} is not a prefix of ${JSON.stringify(expectedContent)}`,
    );
  }
  if (partial.finishReason !== 'error')
    problems.push(`partial.finishReason: expected "error", got "${partial.finishReason}"`);
  if (partial.toolCalls.length > (recording.expected.toolCalls?.length ?? 0)) {
    problems.push(
      `partial has ${partial.toolCalls.length} tool calls, the recording only ${recording.expected.toolCalls?.length ?? 0}`,
    );
  }
  if (outcome.tokens !== partial.content) problems.push('streamed tokens differ from partial.content');
  return problems;
}

function expectLLMError(outcome: RunOutcome): LLMError {
  const error = outcome.error;
  if (!isLLMError(error)) {
    return expect.fail(
      outcome.message === undefined
        ? `expected an LLMError, got ${describeError(error)}`
        : 'expected an LLMError, but the stream completed',
    );
  }
  return error;
}

async function expectClosedEarly(request: RecordedRequest): Promise<void> {
  const closed = await Promise.race([request.done.then(() => true), delay(2000).then(() => false)]);
  expect(closed, 'the HTTP connection stayed open after the stream was left').toBe(true);
  expect(request.closedEarly, 'the server did not see the client close the connection').toBe(true);
}

function isPrefix(prefix: string, text: string): boolean {
  return text.startsWith(prefix);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, message: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await delay(2);
  }
}
