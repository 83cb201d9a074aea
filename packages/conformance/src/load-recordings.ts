import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRecordingsDir } from './recordings-dir.js';
import type { ExpectedResult, Recording, Vendor } from './types.js';

/**
 * Reads every `<scenario>.sse` + `<scenario>.json` pair of a vendor, sorted by scenario.
 * A `.sse` without its `.json` (or the reverse) is an error: a recording without an
 * expectation proves nothing.
 */
export function loadRecordings(vendor: Vendor, dir: string = defaultRecordingsDir()): Recording[] {
  return listScenarios(vendor, dir).map((scenario) => loadRecording(vendor, scenario, dir));
}

/** The scenario names recorded for a vendor (sorted; empty when the folder is missing). */
export function listScenarios(vendor: Vendor, dir: string = defaultRecordingsDir()): string[] {
  let files: string[];
  try {
    files = readdirSync(join(dir, vendor));
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const file of files) {
    const match = /^(.+)\.(sse|json)$/.exec(file);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

/** Reads one recording; throws a message naming the file when it is missing or malformed. */
export function loadRecording(vendor: Vendor, scenario: string, dir: string = defaultRecordingsDir()): Recording {
  const base = join(dir, vendor, scenario);
  const body = readFileSync(`${base}.sse`);
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  } catch (error) {
    throw new Error(`@switchyard/conformance: cannot read ${base}.json: ${(error as Error).message}`);
  }
  if (!isRecord(meta) || !isRecord(meta.expected)) {
    throw new Error(`@switchyard/conformance: ${base}.json needs an "expected" object.`);
  }
  return {
    vendor,
    scenario,
    body,
    description: typeof meta.description === 'string' ? meta.description : '',
    expected: meta.expected as ExpectedResult,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
