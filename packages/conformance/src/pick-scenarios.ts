import type { Recording } from './types.js';

/** Successful recordings, real ones (not `_`-prefixed helpers) first, smallest first. */
function successes(recordings: readonly Recording[]): Recording[] {
  const ok = recordings
    .filter((recording) => recording.expected.error === undefined)
    .sort((a, b) => a.body.length - b.body.length);
  return [...ok.filter((r) => !r.scenario.startsWith('_')), ...ok.filter((r) => r.scenario.startsWith('_'))];
}

/**
 * A few recordings that together cover the stream shapes truncation can break: plain text,
 * tool calls and reasoning. Cutting every recording at every boundary would add little.
 */
export function representativeRecordings(recordings: readonly Recording[], limit = 3): Recording[] {
  const ok = successes(recordings);
  const picks: Recording[] = [];
  const add = (recording: Recording | undefined): void => {
    if (recording !== undefined && !picks.includes(recording) && picks.length < limit) picks.push(recording);
  };
  add(
    ok.find((r) => (r.expected.toolCalls?.length ?? 0) > 1) ?? ok.find((r) => (r.expected.toolCalls?.length ?? 0) > 0),
  );
  add(ok.find((r) => r.expected.reasoning !== undefined || r.expected.reasoningParts !== undefined));
  add(ok.find((r) => (r.expected.content ?? '') !== '' && (r.expected.toolCalls?.length ?? 0) === 0));
  for (const recording of ok) add(recording);
  return picks;
}

/** The recording used for HTTP errors, retries and aborts: a successful text reply if there is one. */
export function primaryRecording(recordings: readonly Recording[]): Recording | undefined {
  const ok = successes(recordings);
  const textOnly = (r: Recording): boolean =>
    (r.expected.content ?? '') !== '' &&
    (r.expected.toolCalls?.length ?? 0) === 0 &&
    r.expected.reasoning === undefined &&
    r.expected.refusal === undefined;
  return ok.find(textOnly) ?? ok.find((r) => (r.expected.content ?? '') !== '') ?? ok[0];
}
