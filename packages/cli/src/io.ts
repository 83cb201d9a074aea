/** A writable text stream (process.stdout, or a test's buffer). */
export interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything a command touches of the outside world, so tests can drive it in-process. */
export interface Io {
  stdout: TextOut;
  stderr: TextOut;
  /** The standard input, read only when a command needs it (a prompt piped in). */
  stdin: AsyncIterable<string | Uint8Array> & { readonly isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}
