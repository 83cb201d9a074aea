// Fails when core or an adapter's published JavaScript imports a Node built-in: those
// packages must load in browsers and workers. Reads the built ESM files (dist/*.mjs) and
// reports every static import, re-export, require() or literal import() of a built-in.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const BROWSER_PATH_PACKAGES = ['core', 'openai', 'anthropic', 'google'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
// `from "x"`, `import "x"`, `require("x")`, `import("x")` with a literal specifier.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** Every `package/file: specifier` that names a Node built-in, for the given repo root. */
export function nodeBuiltinImports(root) {
  const problems = [];
  for (const name of BROWSER_PATH_PACKAGES) {
    const dist = join(root, 'packages', name, 'dist');
    for (const file of readdirSync(dist).filter((entry) => entry.endsWith('.mjs'))) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const match of code.matchAll(SPECIFIER)) {
        if (builtins.has(match[1])) problems.push(`@switchyard/${name} dist/${file}: imports "${match[1]}"`);
      }
    }
  }
  return problems;
}
