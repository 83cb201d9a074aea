import { inspect } from 'node:util';
import { isLLMError, type LLMErrorCode, type ProviderPlugin, type StreamChatOptions } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, type RunOutcome } from './check-result.js';
import { runWithHandler } from './drive-model.js';
import { HOSTILE_MODES, type HostileMode, type HostileServer, startHostileServer } from './hostile-server.js';
import type { Vendor } from './types.js';

export interface HostileOptions {
  /** The wire format the adapter speaks (picks the routes and the tool-flood events). */
  vendor: Vendor;
  /** The adapter's name in test names (default: `vendor`). */
  label?: string;
  /** Builds the adapter pointed at the hostile server, with its default limits. */
  createPlugin(baseURL: string): ProviderPlugin;
  /** Values that must appear nowhere in an error (default: `['test-key']`, the key the suites pass). */
  secrets?: string[];
  /** Modes to register as skipped. */
  skip?: HostileMode[];
  /** Bytes of each flood, endless line, bomb and error body (default 24 MiB: past the default 16 MiB event cap). */
  size?: number;
  /** Tool calls in the flood (default 100,000). */
  toolCalls?: number;
  /** The most heap (plus array buffers) a scenario may add while it runs (default 128 MiB). */
  maxGrowthBytes?: number;
}

/** What each mode must end with, and how long it may take. */
const EXPECTED: Record<HostileMode, { codes: LLMErrorCode[]; withinMs: number }> = {
  'stall-headers': { codes: ['timeout'], withinMs: 10_000 },
  'stall-body': { codes: ['timeout'], withinMs: 10_000 },
  'comment-flood': { codes: ['stream_truncated'], withinMs: 20_000 },
  'endless-line': { codes: ['server'], withinMs: 20_000 },
  'data-flood': { codes: ['server'], withinMs: 20_000 },
  'gzip-bomb': { codes: ['server'], withinMs: 20_000 },
  'gzip-bomb-error': { codes: ['server'], withinMs: 20_000 },
  'huge-error': { codes: ['server'], withinMs: 20_000 },
  redirect: { codes: ['network'], withinMs: 10_000 },
  'tool-flood': { codes: [], withinMs: 40_000 },
};

// Short idle limits end the stalls quickly. The floods get a longer one: an adapter that
// reports arriving bytes (\`StreamOptions.onActivity\`) is never idle during them, one that
// does not must still reach its cap before this fires.
const STALL_OPTIONS = { maxRetries: 0, idleTimeoutMs: 1_000, timeoutMs: 30_000 };
const FLOOD_OPTIONS = { maxRetries: 0, idleTimeoutMs: 15_000, timeoutMs: 30_000 };

/**
 * Registers vitest suites that point an adapter at a hostile server: stalls before and after
 * the headers, comment floods, endless lines, `data:` floods, gzip bombs, huge error bodies,
 * a redirect to another origin and a flood of tool calls. Each must end in a typed
 * `LLMError` (or, for the tool flood, the whole message) within a bounded time and heap
 * growth, with no secret anywhere in the error. `runConformance` calls it.
 */
export function runHostileSuite(options: HostileOptions): void {
  const label = options.label ?? options.vendor;
  const skip = new Set<HostileMode>(options.skip ?? []);
  const secrets = options.secrets ?? ['test-key'];
  const toolCalls = options.toolCalls ?? 100_000;
  const maxGrowth = options.maxGrowthBytes ?? 128 * 1024 * 1024;

  describe(`hostile server: ${label}`, () => {
    let server: HostileServer;
    let plugin: ProviderPlugin;
    beforeAll(async () => {
      server = await startHostileServer({ size: options.size ?? 24 * 1024 * 1024, toolCalls });
      plugin = options.createPlugin(server.baseURL(options.vendor));
    });
    afterAll(async () => {
      await server?.close();
    });

    for (const mode of HOSTILE_MODES) {
      const expected = EXPECTED[mode];
      const register = skip.has(mode) ? it.skip : it;
      register(
        `${label} › hostile › ${mode}`,
        async () => {
          const runOptions: StreamChatOptions = mode.startsWith('stall') ? STALL_OPTIONS : FLOOD_OPTIONS;
          const probe = startMemoryProbe();
          const started = performance.now();
          const outcome = await runWithHandler(plugin.languageModel(`hostile-${mode}`), runOptions);
          const elapsed = performance.now() - started;
          const growth = probe.stop();
          if (mode === 'tool-flood') {
            expect(outcome.message?.toolCalls.length, describeError(outcome.error)).toBe(toolCalls);
          } else {
            const error = outcome.error;
            expect(isLLMError(error), `expected an LLMError, got ${describeError(error)}`).toBe(true);
            expect(expected.codes, describeError(error)).toContain((error as { code: LLMErrorCode }).code);
            expect(secretsIn(error, secrets)).toEqual([]);
            // A capped error body makes a capped message.
            expect((error as Error).message.length).toBeLessThan(100_000);
          }
          if (mode === 'redirect') {
            const leaked = server.requests.filter((request) => request.server === 'twin');
            expect(leaked.flatMap((request) => secretsIn(request.headers, secrets))).toEqual([]);
            expect(leaked).toEqual([]);
          }
          expect(elapsed).toBeLessThan(expected.withinMs);
          expect(growth, `heap grew by ${(growth / 1048576).toFixed(1)} MiB`).toBeLessThan(maxGrowth);
        },
        60_000,
      );
    }
  });
}

/** Samples heap and array-buffer use while a scenario runs; `stop()` returns the peak growth. */
function startMemoryProbe(): { stop(): number } {
  const used = (): number => {
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, used()) - base;
    },
  };
}

/** Which secrets appear in an error's message, `toString`, JSON, `inspect` or `cause` chain. */
function secretsIn(value: unknown, secrets: string[]): string[] {
  const views: string[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) views.push(current.message, String(current));
    try {
      views.push(JSON.stringify(current) ?? '');
    } catch {
      // Circular: inspect below still shows it.
    }
    views.push(inspect(current, { depth: 4 }));
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return secrets.filter((secret) => views.some((view) => view.includes(secret)));
}

export type { RunOutcome };
