import { checkPlugin } from '@switchyard/core';
import * as entry from '@switchyard/openai';
import { describe, expect, it } from 'vitest';

describe('the package entry', () => {
  it('exports the factory, the preset table and the preset names', () => {
    expect(Object.keys(entry).sort()).toEqual(['openai', 'presetNames', 'presets']);
    expect(entry.openai.presetNames).toBe(entry.presetNames);
    expect(entry.openai.presets).toBe(entry.presets);
  });

  it("has the shape core's default registry loads: openai(), openai.preset(name), openai.presetNames", () => {
    expect(() => checkPlugin(entry.openai())).not.toThrow();
    for (const name of entry.openai.presetNames) expect(() => checkPlugin(entry.openai.preset(name))).not.toThrow();
  });

  it('builds plugins without reading the environment or touching the network', () => {
    // No key, no server: building must still succeed; failures belong to the first request.
    expect(entry.openai({ baseURL: 'http://127.0.0.1:9/v1' }).languageModel('x').modelId).toBe('x');
  });
});
