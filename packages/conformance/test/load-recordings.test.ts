import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listScenarios, loadRecording, loadRecordings } from '../src/load-recordings.js';
import { defaultRecordingsDir } from '../src/recordings-dir.js';
import { VENDORS } from '../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'recordings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadRecordings', () => {
  it('finds the package recordings folder from the source tree', () => {
    expect(defaultRecordingsDir()).toMatch(/packages[/\\]conformance[/\\]recordings$/);
  });

  it.each(VENDORS)('loads the %s smoke recording with its expectation', (vendor) => {
    const smoke = loadRecordings(vendor).find((recording) => recording.scenario === '_smoke-text');
    expect(smoke?.vendor).toBe(vendor);
    expect(smoke?.body.length).toBeGreaterThan(0);
    expect(smoke?.description).not.toBe('');
    expect(smoke?.expected.content).toBe('Hello, wörld ✓');
  });

  it('keeps the body bytes exactly (CRLF included)', () => {
    mkdirSync(join(dir, 'google'), { recursive: true });
    writeFileSync(join(dir, 'google', 'crlf.sse'), 'data: {}\r\n\r\n');
    writeFileSync(join(dir, 'google', 'crlf.json'), '{"description":"d","expected":{"content":""}}');
    expect(loadRecording('google', 'crlf', dir).body.toString('latin1')).toBe('data: {}\r\n\r\n');
  });

  it('returns no scenarios for a vendor without a folder', () => {
    expect(listScenarios('anthropic', dir)).toEqual([]);
  });

  it('names the file when the expectation is missing', () => {
    mkdirSync(join(dir, 'openai'), { recursive: true });
    writeFileSync(join(dir, 'openai', 'orphan.sse'), 'data: {}\n\n');
    expect(() => loadRecordings('openai', dir)).toThrow(/orphan\.json/);
  });
});
