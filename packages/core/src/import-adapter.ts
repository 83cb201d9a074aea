import { LLMError } from './errors.js';

/** A module namespace. */
export type AdapterModule = Record<string, unknown>;

/** What looking for an adapter package found. */
export interface AdapterLookup {
  /** The imported module; undefined when the package is not installed where we looked. */
  module: AdapterModule | undefined;
  /** Where it looked, in order, for the error message (start folders, never resolved files). */
  searched: string[];
  /** True when this runtime cannot resolve installed packages (a browser, a worker). */
  unsupported: boolean;
}

interface NodeApis {
  module: { createRequire(path: string): { resolve(id: string): string } };
  url: { pathToFileURL(path: string): URL };
  path: { dirname(path: string): string; join(...parts: string[]): string };
  fs: { readFileSync(path: string, encoding: 'utf8'): string };
}

interface ProcessLike {
  argv?: string[];
  cwd?(): string;
  getBuiltinModule?(id: string): unknown;
}

const CORE_LOCATION = "@switchyard/core's own folder";

// The specifier is computed and the import marked, so that bundlers leave it to the
// runtime instead of trying to resolve (or bundle) every adapter at build time.
function importByName(specifier: string): Promise<AdapterModule> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<AdapterModule>;
}

function processObject(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

let apis: Promise<NodeApis | undefined> | undefined;

/**
 * Node's module, url, path and fs APIs without a static `node:` import (core also runs in
 * browsers and workers): `process.getBuiltinModule` where it exists (Node ≥ 20.16), else a
 * dynamic import (Node 20.0, Bun, Deno). Undefined where neither works.
 */
function nodeApis(): Promise<NodeApis | undefined> {
  if (apis === undefined) {
    apis = (async () => {
      const proc = processObject();
      if (proc === undefined) return undefined;
      const load = async (id: string): Promise<unknown> =>
        proc.getBuiltinModule?.(id) ?? (await importByName(id).catch(() => undefined));
      const [module, url, path, fs] = await Promise.all(['node:module', 'node:url', 'node:path', 'node:fs'].map(load));
      if (module === undefined || url === undefined || path === undefined || fs === undefined) return undefined;
      const found = { module, url, path, fs } as NodeApis;
      return typeof found.module.createRequire === 'function' ? found : undefined;
    })();
  }
  return apis;
}

/**
 * Imports the package `name` (always `@switchyard/<validated provider>`) as a package, by
 * name, never by a joined path. In order: from each folder in `first`; from core's own
 * location (npm, yarn, pnpm with its store inside node_modules, Bun, Deno, import maps); then
 * from the application's entry folder and the working directory through Node's resolver
 * (pnpm with a store outside the app, core linked from elsewhere).
 */
export async function importAdapter(name: string, first: readonly string[]): Promise<AdapterLookup> {
  const searched: string[] = [];
  const node = await nodeApis();
  const tried = new Set<string>();
  // Set when the resolver itself throws (a runtime whose node:module is a stub).
  let resolverFailed = false;
  const fromFolder = async (dir: string): Promise<AdapterModule | undefined> => {
    if (node === undefined || tried.has(dir)) return undefined;
    tried.add(dir);
    searched.push(dir);
    let url: string | undefined;
    try {
      url = locate(node, name, dir);
    } catch {
      resolverFailed = true;
      return undefined;
    }
    return url === undefined ? undefined : load(name, url);
  };

  for (const dir of first) {
    const found = await fromFolder(dir);
    if (found !== undefined) return { module: found, searched, unsupported: false };
  }

  searched.push(CORE_LOCATION);
  try {
    return { module: await importByName(name), searched, unsupported: false };
  } catch (error) {
    if (!isNotFound(error, name)) throw loadFailure(name, error);
  }

  if (node === undefined) return { module: undefined, searched, unsupported: true };
  const proc = processObject();
  const entry = proc?.argv?.[1];
  const dirs = [
    typeof entry === 'string' && entry !== '' ? node.path.dirname(entry) : undefined,
    workingDirectory(proc),
  ];
  for (const dir of dirs) {
    if (dir === undefined) continue;
    const found = await fromFolder(dir);
    if (found !== undefined) return { module: found, searched, unsupported: false };
  }
  return { module: undefined, searched, unsupported: resolverFailed };
}

// Undefined where there is none or reading it is not permitted (Deno without --allow-read).
function workingDirectory(proc: ProcessLike | undefined): string | undefined {
  try {
    return typeof proc?.cwd === 'function' ? proc.cwd() : undefined;
  } catch {
    return undefined;
  }
}

async function load(name: string, url: string): Promise<AdapterModule> {
  try {
    return await importByName(url);
  } catch (error) {
    throw loadFailure(name, error);
  }
}

function loadFailure(name: string, error: unknown): LLMError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LLMError(
    `${name} is installed but failed to load: ${reason.length > 500 ? `${reason.slice(0, 500)}…` : reason}. Reinstall it, or check that its version matches @switchyard/core.`,
    { code: 'invalid_request', cause: error },
  );
}

// "Cannot find package '@switchyard/x'" (Node, Bun), "Failed to resolve module specifier
// "@switchyard/x"" (browsers), "No such module" (workers): about the package itself, not
// about a dependency missing inside it (whose message names a file within the package).
function isNotFound(error: unknown, name: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(name) && !message.includes(`${name}/`);
}

/**
 * The file URL of the package's ESM entry as resolved from `dir`, or undefined when it is
 * not installed there. Resolution is Node's (`createRequire(dir).resolve`), so symlinks,
 * pnpm and Yarn PnP behave as for the application itself.
 */
function locate(node: NodeApis, name: string, dir: string): string | undefined {
  const resolver = node.module.createRequire(node.path.join(dir, '[switchyard-resolve].js'));
  let manifestPath: string | undefined;
  let entry: string | undefined;
  try {
    manifestPath = resolver.resolve(`${name}/package.json`);
  } catch (error) {
    if (!isPackagePathNotExported(error)) return undefined;
    // The exports map hides ./package.json: resolve the entry, find the manifest beside it.
    try {
      entry = resolver.resolve(name);
    } catch {
      return undefined;
    }
    manifestPath = manifestAbove(node, entry, name);
  }
  const manifest = manifestPath === undefined ? undefined : readManifest(node, manifestPath);
  const target = manifest?.name === name ? esmEntry(manifest) : undefined;
  if (manifestPath !== undefined && target !== undefined) {
    return new URL(target, node.url.pathToFileURL(manifestPath)).href;
  }
  if (entry === undefined) {
    try {
      entry = resolver.resolve(name);
    } catch {
      return undefined;
    }
  }
  return node.url.pathToFileURL(entry).href;
}

function isPackagePathNotExported(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

// The package.json above a resolved entry file whose name is the package's.
function manifestAbove(node: NodeApis, file: string, name: string): string | undefined {
  let dir = node.path.dirname(file);
  for (let depth = 0; depth < 8; depth++) {
    const candidate = node.path.join(dir, 'package.json');
    if (readManifest(node, candidate)?.name === name) return candidate;
    const parent = node.path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

interface Manifest {
  name?: unknown;
  exports?: unknown;
  module?: unknown;
  main?: unknown;
}

function readManifest(node: NodeApis, path: string): Manifest | undefined {
  try {
    const value: unknown = JSON.parse(node.fs.readFileSync(path, 'utf8'));
    return value !== null && typeof value === 'object' ? (value as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

// The ESM entry of a manifest: the exports map (`"./x.mjs"`, `{ import, require }`,
// `{ ".": … }`, nested conditions; import, then node, then default), else module, else
// main. Only a relative target inside the package ("./…", no "..", no escapes) is taken.
function esmEntry(manifest: Manifest): string | undefined {
  const exportsField = manifest.exports;
  const root =
    exportsField !== null && typeof exportsField === 'object' && '.' in exportsField
      ? (exportsField as Record<string, unknown>)['.']
      : exportsField;
  const target = conditionTarget(root, 0) ?? stringOr(manifest.module) ?? stringOr(manifest.main);
  if (target === undefined) return undefined;
  const relative = target.startsWith('./') ? target : `./${target}`;
  // URL resolution reads "%2e%2e" (and a backslash) as a step up: such targets are not taken.
  if (relative.includes('%') || relative.includes('\\')) return undefined;
  return relative.split('/').includes('..') ? undefined : relative;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function conditionTarget(target: unknown, depth: number): string | undefined {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object' || depth > 8) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const key of ['import', 'node', 'default']) {
    if (key in conditions) {
      const found = conditionTarget(conditions[key], depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
