// Changesets in CI: the release plan (`changeset status`) and a DRY RUN of `changeset version`
// in a scratch copy of the repository. The checkout is never written to.
//
// Prints, per package: the version now, the version the next "Version packages" PR would
// give it, the bump, and its core peer range; then the head of each new CHANGELOG entry.
// Fails when `changeset status` or `changeset version` fails, when a 0.x package would jump
// to 1.0.0 or beyond (the trap of a 0.x peer leaving its caret range: see
// docs/releasing.md), when `workspace:` ranges would be rewritten in the sources, or when a
// changeset is left unconsumed.
// Options: --keep (keep the scratch folder), --allow-major (a deliberate 1.0.0).
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyRepo,
  readJson,
  removeDir,
  root,
  run,
  scratchDir,
  table,
  tail,
  workspacePackages,
} from './release-lib.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const allowMajor = args.includes('--allow-major');
const changesetBin = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
const problems = [];
const scratch = scratchDir('changesets');

function finish() {
  if (keep) console.log(`kept ${scratch}`);
  else removeDir(scratch);
  for (const problem of problems) console.error(`FAIL ${problem}`);
  console.log(problems.length === 0 ? 'changesets: ok' : `changesets: FAILED (${problems.length} problems)`);
  process.exit(problems.length === 0 ? 0 : 1);
}

const pending = readdirSync(join(root, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
console.log(`pending changesets: ${pending.length === 0 ? 'none' : pending.join(', ')}`);

// 1. The release plan, as `changeset status` computes it against the base branch.
const statusFile = join(scratch, 'status.json');
const status = run(process.execPath, [changesetBin, 'status', `--output=${statusFile}`], { capture: true });
if (status.status !== 0) {
  problems.push(
    '`changeset status` failed: a package changed since the base branch without a changeset, or a changeset is malformed',
  );
  console.error(tail(status.output));
  finish();
}
const plan = readJson(statusFile);
console.log(`changeset status: ${plan.changesets.length} changesets, ${plan.releases.length} releases planned`);

// 2. `changeset version` in a copy. node_modules is linked (read-only use) so that the
//    changelog generator named in .changeset/config.json resolves as it does in the checkout.
const repo = copyRepo(join(scratch, 'repo'));
symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'), 'dir');
const before = new Map(workspacePackages().map((pkg) => [pkg.short, pkg]));
const version = run(process.execPath, [changesetBin, 'version'], { cwd: repo, capture: true, env: { CI: 'true' } });
if (version.status !== 0) {
  problems.push('`changeset version` (dry run) failed');
  console.error(tail(version.output));
  finish();
}

const rows = [];
const changelogs = [];
const coreAfter = readJson(join(repo, 'packages', 'core', 'package.json')).version;
// What `pnpm publish` makes of a workspace range: `workspace:^` → `^<version>`, and so on.
const published = (range, version) =>
  range?.startsWith('workspace:')
    ? ({ '^': `^${version}`, '~': `~${version}`, '*': version }[range.slice('workspace:'.length)] ??
      range.slice('workspace:'.length))
    : (range ?? '');
for (const [short, pkg] of before) {
  const after = readJson(join(repo, 'packages', short, 'package.json'));
  const [fromMajor] = pkg.version.split('.').map(Number);
  const [toMajor] = after.version.split('.').map(Number);
  const release = plan.releases.find((entry) => entry.name === pkg.name);
  const bump = after.version === pkg.version ? '—' : (release?.type ?? 'dependents');
  const corePeer = after.peerDependencies?.['@switchyard/core'];
  rows.push([pkg.name, pkg.version, after.version, bump, corePeer ?? '', published(corePeer, coreAfter)]);
  if (fromMajor === 0 && toMajor >= 1 && !allowMajor) {
    problems.push(
      `${pkg.name} would go from ${pkg.version} to ${after.version}: a 0.x package must not leave 0.x by accident (a 0.x core minor bumps every peer dependent to a major; see docs/releasing.md; --allow-major for a deliberate 1.0.0)`,
    );
  }
  for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg.manifest[field] ?? {})) {
      const next = after[field]?.[name];
      if (range.startsWith('workspace:') && next !== range) {
        problems.push(`${pkg.name} ${field}.${name} would change from "${range}" to "${next}"`);
      }
    }
  }
  const changelog = join(repo, 'packages', short, 'CHANGELOG.md');
  if (after.version !== pkg.version) {
    if (!existsSync(changelog)) problems.push(`${pkg.name} was bumped but has no CHANGELOG.md`);
    else changelogs.push([pkg.name, readFileSync(changelog, 'utf8')]);
  }
}
const left = readdirSync(join(repo, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
if (left.length > 0) problems.push(`changesets left unconsumed by \`changeset version\`: ${left.join(', ')}`);

console.log('\n`changeset version` dry run (scratch copy; the checkout is unchanged)');
console.log(table(['package', 'now', 'next', 'bump', 'core peer (source)', 'core peer (as published)'], rows));
for (const [name, text] of changelogs) {
  const head = text.split('\n').slice(0, 8).join('\n');
  console.log(`\n--- ${name} CHANGELOG.md (head)\n${head.length > 900 ? `${head.slice(0, 900)}…` : head}`);
}
finish();
