/** How the replay server writes one response, parsed from a model name. */
export interface ReplayModes {
  /** `events`: one SSE event per write; `bytes`: random boundaries from `seed`. */
  write: { kind: 'events' } | { kind: 'bytes'; seed: number };
  /** Close the socket abruptly after this many body bytes. */
  cutAt?: number;
  /** Stop writing after this many body bytes and hold the connection until the client leaves. */
  stallAt?: number;
  /** Answer with this HTTP status and the vendor's error body. */
  status?: number;
  /** The error body is the vendor's context-length error (status 400). */
  contextLength: boolean;
  /** The error body is the vendor's quota-exhausted error (status 429). */
  quota: boolean;
  /** Seconds to send in `Retry-After`. */
  retryAfterSeconds?: number;
  /** Only the first k requests for this exact model string fail with `status`. */
  failFirst?: number;
}

export interface ParsedModel {
  scenario: string;
  modes: ReplayModes;
}

export type ParseModelResult = { ok: true; value: ParsedModel } | { ok: false; message: string };

/** The grammar, shown to whoever writes a model name the server does not understand. */
export const MODE_HELP: string =
  'Model names are <scenario>[~<mode>…]; modes: events, bytes-<seed>, cut-<bytes>, stall-<bytes>, ' +
  'status-<400..599>, ctx (with status-400), quota (with status-429), retry-<seconds>, failfirst-<k> (with status-<code>).';

const SCENARIO = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const WITH_NUMBER = /^(bytes|cut|stall|status|retry|failfirst)-(\d+(?:\.\d+)?)$/;

/**
 * Parses `<scenario>~<mode>~<mode>` into a scenario and its modes. Pure; rejects unknown,
 * repeated or contradictory modes with a message naming what is allowed.
 */
export function parseModel(model: string): ParseModelResult {
  const [scenario = '', ...parts] = model.split('~');
  if (!SCENARIO.test(scenario) || scenario.includes('..')) {
    return fail(`"${scenario}" is not a scenario name (letters, digits, "_", "-" and "." only).`);
  }
  const modes: ReplayModes = { write: { kind: 'events' }, contextLength: false, quota: false };
  const seen = new Set<string>();
  for (const part of parts) {
    const match = WITH_NUMBER.exec(part);
    const name = match ? match[1]! : part;
    if (seen.has(name) || (name === 'events' && seen.has('bytes')) || (name === 'bytes' && seen.has('events'))) {
      return fail(`mode "${part}" repeats or contradicts an earlier mode in "${model}".`);
    }
    seen.add(name);
    if (part === 'events') continue;
    if (part === 'ctx') {
      modes.contextLength = true;
      continue;
    }
    if (part === 'quota') {
      modes.quota = true;
      continue;
    }
    if (!match) return fail(`unknown mode "${part}" in "${model}".`);
    const text = match[2]!;
    const value = Number(text);
    // Only Retry-After may be fractional (it keeps tests fast); byte counts and seeds are integers.
    if (name !== 'retry' && !Number.isSafeInteger(value)) return fail(`mode "${part}" needs a whole number.`);
    switch (name) {
      case 'bytes':
        modes.write = { kind: 'bytes', seed: value };
        break;
      case 'cut':
        modes.cutAt = value;
        break;
      case 'stall':
        modes.stallAt = value;
        break;
      case 'status':
        if (value < 400 || value > 599) return fail(`mode "${part}" needs an error status (400..599).`);
        modes.status = value;
        break;
      case 'retry':
        modes.retryAfterSeconds = value;
        break;
      case 'failfirst':
        modes.failFirst = value;
        break;
    }
  }
  return checkCombination(model, scenario, modes);
}

function checkCombination(model: string, scenario: string, modes: ReplayModes): ParseModelResult {
  if (modes.cutAt !== undefined && modes.stallAt !== undefined) {
    return fail(`"${model}" has both cut and stall; a response can end only one way.`);
  }
  if (modes.contextLength && modes.quota) return fail(`"${model}" has both ctx and quota.`);
  if (modes.contextLength && modes.status !== undefined && modes.status !== 400) {
    return fail(`ctx goes with status-400, not status-${modes.status}.`);
  }
  if (modes.quota && modes.status !== undefined && modes.status !== 429) {
    return fail(`quota goes with status-429, not status-${modes.status}.`);
  }
  // `ctx` and `quota` name their status already; saying it again is allowed, not required.
  if (modes.contextLength) modes.status = 400;
  if (modes.quota) modes.status = 429;
  if (modes.failFirst !== undefined && modes.status === undefined) {
    return fail(`failfirst needs status-<code> in "${model}" (which error should the first requests get?).`);
  }
  return { ok: true, value: { scenario, modes } };
}

function fail(reason: string): ParseModelResult {
  return { ok: false, message: `${reason} ${MODE_HELP}` };
}
