/**
 * The lifetime of one streaming request: the signal handed to the SDK, which fires when the
 * caller aborts, when the timeout elapses, or when the consumer leaves the stream early (so
 * that the HTTP stream is closed and the server sees the disconnect).
 */
export interface RequestScope {
  /** The signal to give the SDK. */
  readonly signal: AbortSignal;
  /** Whether the timeout fired (whatever error the SDK then reports for the abort). */
  readonly timedOut: boolean;
  /** Ends the scope: aborts the request unless it `completed`, and releases the timer and listener. */
  close(completed: boolean): void;
}

/** Opens the scope of one request; `timeoutMs` bounds the whole request, body included. */
export function openRequestScope(callerSignal: AbortSignal | undefined, timeoutMs: number | undefined): RequestScope {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs !== undefined && timeoutMs > 0) {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    // A pending timeout must not keep the process alive on its own.
    timer.unref?.();
  }
  if (callerSignal !== undefined) {
    if (callerSignal.aborted) controller.abort();
    else callerSignal.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    get timedOut(): boolean {
      return timedOut;
    },
    close(completed: boolean): void {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abort);
      if (!completed) controller.abort();
    },
  };
}
