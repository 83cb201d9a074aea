// The samples of docs/observability.md type-check against the real API. They are compiled
// from a folder inside packages/otel, so that @opentelemetry/* resolve from this package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

it('docs/observability.md: every ts sample type-checks', () => {
  const text = readFileSync(join(root, 'docs', 'observability.md'), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(7);
  const dir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'doc-samples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [i, code] of blocks.entries())
    writeFileSync(join(dir, `observability-${i + 1}.ts`), `${code}\nexport {};\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { noEmit: true }, include: ['*.ts'] }),
  );
  const run = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'],
    {
      encoding: 'utf8',
    },
  );
  // Only errors in the samples count: the rest of the tree is checked by the repo's own tsc run.
  expect(run.stdout.split('\n').filter((line) => line.includes('doc-samples'))).toEqual([]);
}, 120_000);
