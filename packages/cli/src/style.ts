import type { Io, TextOut } from './io.js';

/** ANSI styling that is a no-op when colours are off. */
export interface Style {
  readonly enabled: boolean;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;
const same = (text: string): string => text;

/** Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty. */
export function colorsEnabled(stream: TextOut, env: Io['env']): boolean {
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}

export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, dim: same, bold: same, cyan: same, red: same, yellow: same };
  return { enabled, dim: wrap(2, 22), bold: wrap(1, 22), cyan: wrap(36, 39), red: wrap(31, 39), yellow: wrap(33, 39) };
}
