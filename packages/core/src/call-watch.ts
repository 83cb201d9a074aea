/** Why an attempt's signal fired on core's own account. */
export type TimeoutKind = 'call' | 'idle';

/**
 * The signals and timers of one call. Each attempt gets a fresh signal for the adapter,
 * fired when the caller's signal aborts, when `timeoutMs` has passed since the call began,
 * or when no chunk arrived for `idleTimeoutMs`. The caller's signal carries exactly one
 * listener while the call runs and none after `close()`.
 */
export interface CallWatch {
  /** Starts an attempt; returns the signal to give the adapter. */
  begin(): AbortSignal;
  /** A chunk arrived: the idle clock starts again. */
  activity(): void;
  /** While true (a slow consumer holds the run), silence of the vendor is not idleness. */
  paused: boolean;
  /** Stops the current attempt's idle timer. */
  end(): void;
  /** Set when core's timer fired for the current attempt. */
  readonly timedOut: TimeoutKind | undefined;
  /** Milliseconds left of `timeoutMs` (Infinity without one). */
  remainingMs(): number;
  /** Releases the timers and the caller's listener. */
  close(): void;
}

/** Default `idleTimeoutMs`: ten minutes without a chunk. */
export const DEFAULT_IDLE_TIMEOUT_MS = 600_000;

const QUARTERS = 4;

function enabled(ms: number | undefined): ms is number {
  return ms !== undefined && ms > 0 && Number.isFinite(ms);
}

export function watchCall(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  idleTimeoutMs: number | undefined = DEFAULT_IDLE_TIMEOUT_MS,
): CallWatch {
  let controller: AbortController | undefined;
  let timedOut: TimeoutKind | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let callTimer: ReturnType<typeof setTimeout> | undefined;
  // Idleness is counted in quarter ticks of the idle timeout, so a chunk costs one increment
  // (no clock read): the timeout fires after 4 to 5 quiet quarters.
  let chunks = 0;
  let seen = 0;
  let quiet = 0;
  const idleMs = enabled(idleTimeoutMs) ? idleTimeoutMs : 0;
  const tickMs = idleMs / QUARTERS;
  const deadline = enabled(timeoutMs) ? performance.now() + timeoutMs : Number.POSITIVE_INFINITY;

  const fire = (kind: TimeoutKind): void => {
    if (controller === undefined || controller.signal.aborted) return;
    timedOut = kind;
    controller.abort();
  };
  const onCallerAbort = (): void => {
    controller?.abort(callerSignal?.reason);
  };
  const checkIdle = (): void => {
    idleTimer = undefined;
    if (watch.paused || chunks !== seen) {
      seen = chunks;
      quiet = 0;
    } else {
      quiet += 1;
    }
    if (quiet < QUARTERS) idleTimer = setTimeout(checkIdle, tickMs);
    else fire('idle');
  };

  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  if (enabled(timeoutMs)) callTimer = setTimeout(() => fire('call'), timeoutMs);

  const watch: CallWatch = {
    paused: false,
    get timedOut() {
      return timedOut;
    },
    begin() {
      controller = new AbortController();
      timedOut = undefined;
      if (callerSignal?.aborted === true) controller.abort(callerSignal.reason);
      else if (deadline <= performance.now()) fire('call');
      if (idleMs > 0) {
        seen = chunks;
        quiet = 0;
        idleTimer = setTimeout(checkIdle, tickMs);
      }
      return controller.signal;
    },
    activity() {
      chunks++;
    },
    end() {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      idleTimer = undefined;
      watch.paused = false;
      controller = undefined;
    },
    remainingMs() {
      return deadline - performance.now();
    },
    close() {
      watch.end();
      if (callTimer !== undefined) clearTimeout(callTimer);
      callTimer = undefined;
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
  return watch;
}
