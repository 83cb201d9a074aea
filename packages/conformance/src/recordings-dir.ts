import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package's `recordings` folder, found by walking up from this module. The module runs
 * from `src/` under vitest and from `dist/` once built (as ESM or CJS), so neither a fixed
 * relative path nor `import.meta` alone works everywhere.
 */
export function defaultRecordingsDir(): string {
  if (cached !== undefined) return cached;
  let dir = moduleDir();
  for (;;) {
    const candidate = join(dir, 'recordings');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) {
      cached = candidate;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `@switchyard/conformance: no "recordings" folder above ${moduleDir()}; pass recordingsDir explicitly.`,
      );
    }
    dir = parent;
  }
}

function moduleDir(): string {
  // CJS output has __dirname; ESM has import.meta.url. `typeof` keeps the CJS branch safe in ESM.
  if (typeof __dirname === 'string') return __dirname;
  return dirname(fileURLToPath(import.meta.url));
}
