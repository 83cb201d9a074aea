// The secrets core masks: API keys and header values registered by the plugins that hold them.
//
// Scoped to live clients: a secret registered with an `owner` (the plugin's client getter,
// which every model of the plugin keeps alive) is forgotten once that owner is garbage
// collected, so creating and dropping clients does not grow this set. Lookups go through
// an index keyed by the secret's first characters, so masking costs the same with one
// registered secret or a hundred thousand.

/** Registered values shorter than this are not masked: 1–3 characters would mask ordinary words. */
export const MIN_SECRET_LENGTH = 4;

// Index widths: a secret is filed under its first W characters, W the widest that fits it.
// Wide prefixes keep keys that share a vendor prefix (`sk-proj-…`) in separate buckets.
const WIDTHS: readonly number[] = [32, 16, 8, MIN_SECRET_LENGTH];

const indexes: Map<string, string[]>[] = WIDTHS.map(() => new Map<string, string[]>());
// How many live registrations hold each secret: one value registered by two clients stays
// masked until both are gone.
const counts = new Map<string, number>();

// Available in every runtime core supports (ES2021); guarded for exotic hosts, where owned
// secrets then live as long as the process, like unowned ones.
const finalizer: FinalizationRegistry<string> | undefined =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<string>(release) : undefined;

/**
 * Registers a secret (an API key, a header value) so that core masks it wherever it prints,
 * serializes or attaches an error. With an `owner` object the secret is forgotten once the
 * owner is garbage collected (pass what every user of the key keeps alive); without one it
 * is kept for the life of the process. Values shorter than 4 characters are ignored.
 */
export function registerSecret(secret: string | undefined | null, owner?: object): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
  const count = counts.get(secret) ?? 0;
  counts.set(secret, count + 1);
  if (count === 0) file(secret);
  if (owner !== undefined) finalizer?.register(owner, secret);
}

// Header names whose values are protocol versions or feature flags, not credentials: masking
// them would garble the hints and vendor messages that quote them.
const PUBLIC_HEADERS: ReadonlySet<string> = new Set(['anthropic-version', 'anthropic-beta', 'openai-beta']);

/**
 * Registers every value of a plugin's `headers` option as a secret (a proxy token or a gateway
 * key is as sensitive as the API key), except the protocol headers `anthropic-version`,
 * `anthropic-beta` and `openai-beta`.
 */
export function registerHeaderSecrets(headers: Record<string, string> | undefined, owner?: object): void {
  if (headers === undefined) return;
  for (const name of Object.keys(headers)) {
    if (!PUBLIC_HEADERS.has(name.toLowerCase())) registerSecret(headers[name], owner);
  }
}

/**
 * The longest registered secret starting at `at` in `text`, or `undefined`. Constant work
 * per position whatever the number of secrets (a few map lookups).
 */
export function secretAt(text: string, at: number): string | undefined {
  if (counts.size === 0) return undefined;
  for (let w = 0; w < WIDTHS.length; w++) {
    const index = indexes[w]!;
    const width = WIDTHS[w]!;
    if (index.size === 0 || at + width > text.length) continue;
    const bucket = index.get(text.slice(at, at + width));
    if (bucket === undefined) continue;
    let best: string | undefined;
    for (const secret of bucket) {
      if ((best === undefined || secret.length > best.length) && text.startsWith(secret, at)) best = secret;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

function widthOf(secret: string): number {
  for (let w = 0; w < WIDTHS.length; w++) if (secret.length >= WIDTHS[w]!) return w;
  return WIDTHS.length - 1;
}

function file(secret: string): void {
  const w = widthOf(secret);
  const key = secret.slice(0, WIDTHS[w]);
  const bucket = indexes[w]!.get(key);
  if (bucket === undefined) indexes[w]!.set(key, [secret]);
  else bucket.push(secret);
}

function release(secret: string): void {
  const count = counts.get(secret);
  if (count === undefined) return;
  if (count > 1) {
    counts.set(secret, count - 1);
    return;
  }
  counts.delete(secret);
  const w = widthOf(secret);
  const key = secret.slice(0, WIDTHS[w]);
  const bucket = indexes[w]!.get(key);
  if (bucket === undefined) return;
  const rest = bucket.filter((value) => value !== secret);
  if (rest.length === 0) indexes[w]!.delete(key);
  else indexes[w]!.set(key, rest);
}
