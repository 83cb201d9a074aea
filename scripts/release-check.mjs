// `pnpm release:check`: everything a publish does except publishing.
//
//   1. build every package (tsdown), dependencies first
//   2. pack each one with `pnpm pack` (which turns `workspace:^` into `^<version>`)
//   3. inspect each tarball: files, LICENSE, no `workspace:` ranges left, every export target present
//   4. lint each tarball: `publint run --strict` and `attw` (strict profile)
//   5. install each tarball with npm into an empty folder (the core tarball beside it when
//      core is a peer, declared peers and vendor SDKs from the registry), then `import` and
//      `require` every entry point there, with only the declared dependencies installed
//
// Options: --no-build (use the existing dist/), --keep (keep the scratch folder),
//          --only=core,openai (a subset; core is still packed when an adapter needs it).
// Exits non-zero, naming the package and the step, when anything fails.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  entryPoints,
  inParallel,
  pnpm,
  removeDir,
  root,
  rootDevDependencies,
  run,
  runAsync,
  scratchDir,
  seconds,
  specifier,
  table,
  tail,
  workspacePackages,
} from './release-lib.mjs';

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const keep = args.includes('--keep');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const bin = (name) => join(root, 'node_modules', '.bin', name);
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const started = performance.now();

const all = workspacePackages();
const wanted = only ? all.filter((pkg) => only.includes(pkg.short) || only.includes(pkg.name)) : all;
if (wanted.length === 0) {
  console.error(`release:check: no package matches --only=${only?.join(',')}`);
  process.exit(1);
}
const core = all.find((pkg) => pkg.name === '@switchyard/core');
/** The workspace packages a package depends or peer-depends on (their tarballs are installed beside it). */
const localDependencies = (pkg) =>
  Object.keys({ ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies })
    .map((name) => all.find((candidate) => candidate.name === name))
    .filter((dependency) => dependency !== undefined);
// Everything wanted, plus (transitively) the workspace packages they need, dependencies first.
const packedSet = new Set();
const addPacked = (pkg) => {
  if (packedSet.has(pkg)) return;
  packedSet.add(pkg);
  for (const dependency of localDependencies(pkg)) addPacked(dependency);
};
for (const pkg of wanted) addPacked(pkg);
const packed = all.filter((pkg) => packedSet.has(pkg));
/** An application (a command), not a library: it has a `bin` and no entry point to import. */
const isApplication = (manifest) => manifest.bin !== undefined && entryPoints(manifest).length === 0;

/** Per package: one result per step, 'ok' | 'FAIL' | 'skipped' | a short figure. */
const results = new Map(packed.map((pkg) => [pkg.name, { problems: [] }]));
const fail = (pkg, step, message, output) => {
  const result = results.get(pkg.name);
  result[step] = 'FAIL';
  result.problems.push({ step, message, output });
};

const scratch = scratchDir('release-check');
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);
console.log(`release:check: ${packed.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}`);
console.log(`scratch folder: ${scratch}`);

// 1. Build, dependencies first. A package whose build fails is reported and skipped.
const buildFailed = new Set();
for (const pkg of packed) {
  const result = results.get(pkg.name);
  if (!build) {
    const missing = entryFiles(pkg.manifest).filter((file) => !existsSync(join(pkg.dir, file)));
    if (missing.length > 0) {
      fail(pkg, 'build', `not built (--no-build) and missing ${missing.join(', ')}`);
      buildFailed.add(pkg.name);
    } else result.build = 'prebuilt';
    continue;
  }
  const depFailed = Object.keys({ ...pkg.manifest.peerDependencies, ...pkg.manifest.dependencies }).find((name) =>
    buildFailed.has(name),
  );
  const out = pnpm(['run', 'build'], { cwd: pkg.dir, capture: true });
  if (out.status === 0) {
    result.build = seconds(out.ms);
  } else {
    const why = depFailed ? ` (its dependency ${depFailed} did not build either)` : '';
    fail(pkg, 'build', `\`pnpm run build\` failed in packages/${pkg.short}${why}`, out.output);
    buildFailed.add(pkg.name);
  }
}

// 2. Pack, 3. inspect, 4. lint.
for (const pkg of packed) {
  const result = results.get(pkg.name);
  if (buildFailed.has(pkg.name)) {
    for (const step of ['pack', 'contents', 'publint', 'attw', 'install']) result[step] = 'skipped';
    continue;
  }
  const out = pnpm(['pack', '--pack-destination', tarballs], { cwd: pkg.dir, capture: true });
  const file = join(tarballs, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  if (out.status !== 0 || !existsSync(file)) {
    fail(pkg, 'pack', `\`pnpm pack\` failed in packages/${pkg.short}`, out.output);
    for (const step of ['contents', 'publint', 'attw', 'install']) result[step] = 'skipped';
    continue;
  }
  result.tarball = file;
  result.pack = `${(statSync(file).size / 1000).toFixed(1)} kB`;
  inspect(pkg, file, result);

  const publint = run(bin('publint'), ['run', '--strict', file], { capture: true });
  const publintNotes = publint.output.split('\n').filter((line) => /^\s*\d+\.\s/.test(line) || /Suggestion/.test(line));
  if (publint.status !== 0) fail(pkg, 'publint', 'publint --strict reported problems', publint.output);
  else result.publint = publintNotes.length > 0 ? `ok (${publintNotes.length} suggestions)` : 'ok';
  if (publintNotes.length > 0 && publint.status === 0)
    console.log(`publint suggestions for ${pkg.name}:\n${publint.output}`);

  const attw = run(
    bin('attw'),
    [
      '--no-definitely-typed',
      '--no-color',
      '--no-emoji',
      '--format',
      'table-flipped',
      ...(esmOnly(pkg.manifest) ? ['--profile', 'esm-only'] : []),
      file,
    ],
    {
      capture: true,
    },
  );
  if (attw.status !== 0) fail(pkg, 'attw', 'attw (strict profile) reported problems', attw.output);
  else result.attw = 'ok';
}

/** Whether a package ships ESM only (its exports map has no "require" condition). */
function esmOnly(manifest) {
  return !JSON.stringify(manifest.exports ?? {}).includes('"require"');
}

/** The files the `exports` map and the legacy fields point at. */
function entryFiles(manifest) {
  const files = new Set();
  const collect = (value) => {
    if (typeof value === 'string') files.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
  };
  collect(manifest.exports);
  for (const field of ['main', 'module', 'types']) collect(manifest[field]);
  return [...files];
}

/** Checks the packed files and the packed package.json (after pnpm rewrote it). */
function inspect(pkg, file, result) {
  const listing = run('tar', ['-tzf', file], { capture: true });
  const files = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
  const manifest = JSON.parse(run('tar', ['-xzOf', file, 'package/package.json'], { capture: true }).stdout);
  const packedLicense = run('tar', ['-xzOf', file, 'package/LICENSE'], { capture: true });
  const problems = [];

  if (packedLicense.status !== 0) problems.push('no LICENSE in the tarball');
  else if (packedLicense.stdout !== license)
    problems.push(`packages/${pkg.short}/LICENSE differs from the root LICENSE`);

  for (const target of entryFiles(manifest)) {
    if (!files.includes(target)) problems.push(`exports/main/types target ${target} is not in the tarball`);
  }
  const allowed = ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', ...(manifest.files ?? [])];
  const stray = files.filter((path) => !allowed.some((entry) => path === entry || path.startsWith(`${entry}/`)));
  if (stray.length > 0) problems.push(`files outside "files": ${stray.join(', ')}`);
  const sources = files.filter((path) => /(^|\/)(src|test|tests)\//.test(path) || /\.(ts|tsx|map)$/.test(path));
  const leaked = sources.filter((path) => !/\.d\.[cm]?ts$/.test(path));
  if (leaked.length > 0) problems.push(`sources or maps in the tarball: ${leaked.slice(0, 5).join(', ')}`);

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file):/.test(range)) problems.push(`${field}.${name} is still "${range}"`);
    }
  }
  const corePeer = manifest.peerDependencies?.['@switchyard/core'];
  if (pkg !== core && corePeer !== undefined && corePeer !== `^${core.version}`) {
    problems.push(`peerDependencies["@switchyard/core"] is "${corePeer}", expected "^${core.version}"`);
  }
  // A command runs when loaded: only libraries promise bundlers that they have no side effects.
  for (const [field, expected] of [...(isApplication(manifest) ? [] : [['sideEffects', false]]), ['license', 'MIT']]) {
    if (manifest[field] !== expected) problems.push(`${field} is ${JSON.stringify(manifest[field])}`);
  }
  if (manifest.engines?.node !== '>=20') problems.push(`engines.node is ${JSON.stringify(manifest.engines?.node)}`);
  if (!manifest.repository?.url || !manifest.repository?.directory) problems.push('repository.url/directory missing');
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problems.push('no keywords');
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"');
  if (manifest.publishConfig?.provenance !== true) problems.push('publishConfig.provenance is not true');

  result.files = String(files.length);
  result.peer = corePeer ?? '';
  if (problems.length > 0) fail(pkg, 'contents', problems.join('; '));
  else result.contents = 'ok';
}

// 5. Install each tarball into an empty folder and load every entry point.
const installable = wanted.filter((pkg) => results.get(pkg.name).tarball);
await inParallel(
  installable.map((pkg) => () => smokeTest(pkg)),
  4,
);

async function smokeTest(pkg) {
  const result = results.get(pkg.name);
  const dir = join(scratch, 'install', pkg.short);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `smoke-${pkg.short}`, version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const specs = [result.tarball];
  // The workspace packages it needs are not on the registry yet: their tarballs go beside it.
  for (const dependency of localDependencies(pkg)) {
    const tarball = results.get(dependency.name)?.tarball;
    if (!tarball) {
      fail(pkg, 'install', `needs the ${dependency.name} tarball, which was not packed`);
      return;
    }
    specs.push(tarball);
  }
  const peers = pkg.manifest.peerDependencies ?? {};
  for (const [name, range] of Object.entries(peers)) {
    if (name.startsWith('@switchyard/')) {
    } else {
      // Peers, optional ones included, are part of what the package declares. The root's pin
      // (a version that supports Node 20) is used where there is one, else the declared range.
      specs.push(`${name}@${rootDevDependencies[name] ?? range}`);
    }
  }
  const install = await runAsync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: dir,
  });
  if (install.status !== 0) {
    fail(pkg, 'install', `npm install of the tarball failed (${specs.length} specs)`, install.output);
    return;
  }
  const installed = readdirSync(join(dir, 'node_modules'), { withFileTypes: true }).length;
  const vendors = Object.keys({ ...pkg.manifest.dependencies, ...peers })
    .filter((name) => !name.startsWith('@switchyard/'))
    .map((name) => {
      const path = join(dir, 'node_modules', name, 'package.json');
      return existsSync(path) ? `${name}@${JSON.parse(readFileSync(path, 'utf8')).version}` : `${name} (missing)`;
    });
  result.vendors = vendors.join(' ');

  const loaded = [];
  for (const entry of entryPoints(pkg.manifest)) {
    const spec = specifier(pkg.name, entry);
    const esm = await runAsync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(spec)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));`,
      ],
      { cwd: dir },
    );
    // An ESM-only package (no "require" condition, e.g. the vitest-bound conformance kit)
    // is checked with import alone.
    const cjs = esmOnly(pkg.manifest)
      ? esm
      : await runAsync(
          process.execPath,
          ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(spec)})).sort()));`],
          { cwd: dir },
        );
    const names = (out) => {
      try {
        return JSON.parse(out.stdout.trim().split('\n').at(-1));
      } catch {
        return undefined;
      }
    };
    const esmNames = names(esm);
    const cjsNames = names(cjs);
    if (esm.status !== 0 || !esmNames) fail(pkg, 'install', `import('${spec}') failed`, esm.output);
    else if (cjs.status !== 0 || !cjsNames) fail(pkg, 'install', `require('${spec}') failed`, cjs.output);
    else if (esmNames.length === 0) fail(pkg, 'install', `import('${spec}') has no exports`);
    else if (JSON.stringify(esmNames) !== JSON.stringify(cjsNames)) {
      const onlyEsm = esmNames.filter((name) => !cjsNames.includes(name));
      const onlyCjs = cjsNames.filter((name) => !esmNames.includes(name));
      fail(
        pkg,
        'install',
        `${spec}: import and require export different names (ESM only: ${onlyEsm}; CJS only: ${onlyCjs})`,
      );
    } else loaded.push(`${entry} (${esmNames.length})`);
  }
  // A command: each of its bins runs from the install (`--version` must exit 0).
  for (const name of Object.keys(
    typeof pkg.manifest.bin === 'string' ? { [pkg.short]: 1 } : (pkg.manifest.bin ?? {}),
  )) {
    const run = await runAsync(join(dir, 'node_modules', '.bin', name), ['--version'], { cwd: dir });
    if (run.status !== 0) fail(pkg, 'install', `the installed \`${name} --version\` failed`, run.output);
    else loaded.push(`bin ${name} (${run.stdout.trim()})`);
  }
  result.entries = loaded.join(', ');
  if (result.install !== 'FAIL') result.install = `ok, ${installed} deps, ${seconds(install.ms)}`;
}

// Report.
console.log('\nrelease:check results');
console.log(
  table(
    [
      'package',
      'version',
      'build',
      'tarball',
      'files',
      'core peer',
      'contents',
      'publint',
      'attw',
      'install',
      'import+require',
    ],
    packed.map((pkg) => {
      const r = results.get(pkg.name);
      const installCell = wanted.includes(pkg) ? (r.install ?? 'skipped') : 'n/a (packed for peers)';
      return [
        pkg.name,
        pkg.version,
        r.build,
        r.pack,
        r.files,
        r.peer,
        r.contents,
        r.publint,
        r.attw,
        installCell,
        r.entries,
      ];
    }),
  ),
);
const vendorRows = packed.filter((pkg) => results.get(pkg.name).vendors);
if (vendorRows.length > 0) {
  console.log('\nthird-party packages npm installed beside each tarball (newest within the declared ranges)');
  console.log(
    table(
      ['package', 'installed'],
      vendorRows.map((pkg) => [pkg.name, results.get(pkg.name).vendors]),
    ),
  );
}

const problems = packed.flatMap((pkg) => results.get(pkg.name).problems.map((problem) => ({ pkg, ...problem })));
for (const { pkg, step, message, output } of problems) {
  console.error(`\nFAIL ${pkg.name} [${step}]: ${message}`);
  if (output) console.error(tail(output));
}
if (keep) console.log(`\nkept ${scratch}`);
else removeDir(scratch);
console.log(
  `\nrelease:check ${problems.length === 0 ? 'passed' : `FAILED (${problems.length} problems)`} in ${seconds(performance.now() - started)}`,
);
process.exit(problems.length === 0 ? 0 : 1);
