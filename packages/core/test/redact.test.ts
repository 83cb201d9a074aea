import { inspect } from 'node:util';
import { classifyHttpError, LLMError, redactSecrets } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

// CPU time per call of `large` over that of `small`: each the fastest of interleaved runs that
// repeat the call for ~10 ms of CPU. CPU time (not wall time) keeps other processes on a busy
// machine out of the measure; interleaving keeps JIT warm-up from favouring one side.
function ratioOf(small: () => unknown, large: () => unknown): number {
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const once = (fn: () => unknown): number => {
    let calls = 0;
    const start = cpuMs();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = cpuMs() - start;
    } while (elapsed < 10);
    return elapsed / calls;
  };
  small();
  large();
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 9; run++) {
    bestSmall = Math.min(bestSmall, once(small));
    bestLarge = Math.min(bestLarge, once(large));
  }
  return bestLarge / bestSmall;
}

// Inputs that made the old look-behind (or a naive scan) rescan: runs of blanks after a
// scheme or a header name, runs of key characters, prefixes repeated back to back.
const HOSTILE: Array<[string, (n: number) => string]> = [
  ['spaces between two letters (the issue)', (n) => `a${' '.repeat(n)}b`],
  ['spaces after Bearer', (n) => `Bearer${' '.repeat(n)}x`],
  ['"Bearer " repeated', (n) => 'Bearer '.repeat(n / 7)],
  ['spaces after a header name', (n) => `authorization${' '.repeat(n)}x`],
  ['"x-api-key:" repeated', (n) => 'x-api-key:'.repeat(n / 10)],
  ['"sk-" repeated', (n) => 'sk-'.repeat(n / 3)],
  ['"AIza" with short runs', (n) => 'AIzaAAA '.repeat(n / 8)],
  ['a JSON body of blanks', (n) => `{"error":{"message":"${' '.repeat(n)}"}}`],
];

describe('redactSecrets is linear', () => {
  it.each(HOSTILE)('takes about 4x as long for 4x the input: %s', (_label, make) => {
    const small = make(100_000);
    const large = make(400_000);
    const ratio = ratioOf(
      () => redactSecrets(small),
      () => redactSecrets(large),
    );
    expect(ratio).toBeLessThan(8);
  });

  it("builds the issue's error (100k spaces) about as fast as one with 25k", () => {
    const make = (n: number) => {
      const text = `a${' '.repeat(n)}b`;
      return () => new LLMError(text, { code: 'server' });
    };
    const ratio = ratioOf(make(25_000), make(100_000));
    expect(ratio).toBeLessThan(8);
  });
});

describe('errors from huge vendor bodies', () => {
  it('classifies, inspects and serializes a 400 body of 100k spaces about as fast as one of 25k', () => {
    const make = (n: number) => {
      const message = `{"error":{"message":"Bearer${' '.repeat(n)}x"}}`;
      return () => {
        const error = classifyHttpError({ provider: 'openai', status: 400, message });
        return inspect(error).length + JSON.stringify(error).length + String(error).length;
      };
    };
    expect(ratioOf(make(25_000), make(100_000))).toBeLessThan(8);
  });
});

describe('redactSecrets masks', () => {
  it.each([
    ['a JSON authorization header', '{"authorization":"Bearer abcdefghijklmnop"}', 'abcdefghijklmnop'],
    ['an x-api-key header line', 'x-api-key: short1', 'short1'],
    ['an api-key JSON field', '{"api-key": "azure-secret-42"}', 'azure-secret-42'],
    ['an x-goog-api-key header', 'x-goog-api-key=k3y-v4lue', 'k3y-v4lue'],
    ['a Basic credential', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
    ['a lower-case bearer token', 'got bearer eyJhbGciOi.payload.sig back', 'eyJhbGciOi.payload.sig'],
    ['an Anthropic key', 'key sk-ant-api03-AbCdEfGhIjKlMnOp_qr-st', 'sk-ant-api03-AbCdEfGhIjKlMnOp_qr-st'],
    [
      'a Google key in a URL',
      '?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv&alt=sse',
      'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv',
    ],
  ])('%s', (_label, text, secret) => {
    const masked = redactSecrets(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain('[redacted]');
  });

  it('keeps the scheme and the JSON around a masked value', () => {
    expect(redactSecrets('{"authorization":"Bearer abcdefghijklmnop"}')).toBe(
      '{"authorization":"Bearer abc…[redacted]"}',
    );
  });

  it('gives the same text when masked twice', () => {
    const once = redactSecrets('Authorization: Bearer sk-proj-ABCDEFGHIJ1234567890 and x-api-key: abc12345');
    expect(redactSecrets(once)).toBe(once);
  });

  it.each(['an authorization-free sentence', 'basically fine', 'the api-keyring package', 'x-api-keys are rotated'])(
    'leaves %j alone',
    (text) => {
      expect(redactSecrets(text)).toBe(text);
    },
  );
});
