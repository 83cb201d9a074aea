import { describe, expect, it } from 'vitest';

// The examples under examples/ run against the replay server; vitest resolves their
// @switchyard/* imports to the sources (`node examples/<name>.mjs` uses the built packages).
describe('examples', () => {
  it('tool-loop.mjs runs the two-step loop on every vendor', async () => {
    // @ts-expect-error: a plain .mjs example without types
    const { main } = await import('../../../examples/tool-loop.mjs');
    const log: string[] = [];
    const lines: string[] = await main((line: string) => log.push(line));
    expect(lines).toEqual([
      'openai: 2 steps, 190 in / 54 out: Paris has 18 °C, Oslo 4 °C.',
      'anthropic: 2 steps, 1090 in / 131 out: Paris has 18 °C, Oslo 4 °C.',
      'google: 2 steps, 150 in / 82 out: Paris has 18 °C, Oslo 4 °C.',
    ]);
    expect(log.filter((line) => line.includes('ran get_weather'))).toHaveLength(6);
  });

  it('structured-output.mjs gets the same validated object from every vendor', async () => {
    // @ts-expect-error: a plain .mjs example without types
    const { main } = await import('../../../examples/structured-output.mjs');
    const objects: unknown[] = await main(() => {});
    const ada = { name: 'Ada Lovelace', born: 1815, fields: ['mathematics', 'computing'] };
    expect(objects).toEqual([ada, ada, ada]);
  });
});
