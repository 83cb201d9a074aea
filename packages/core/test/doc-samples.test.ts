import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const DOCS = ['docs/tools.md', 'docs/structured-output.md'];

/** The ```ts blocks of a guide that import something: the runnable samples (reference snippets have no imports). */
function samples(doc: string): string[] {
  const text = readFileSync(join(root, doc), 'utf8');
  const blocks: string[] = [];
  const fence = /```ts\n([\s\S]*?)```/g;
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    if (/^import /m.test(match[1]!)) blocks.push(match[1]!);
  }
  return blocks;
}

describe('doc samples', () => {
  it('type-check against the real API', () => {
    const dir = join(root, 'node_modules', '.cache', 'switchyard-doc-samples');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const doc of DOCS) {
      samples(doc).forEach((code, i) => {
        const file = `${doc.replace(/\W+/g, '-')}-${i + 1}.ts`;
        writeFileSync(join(dir, file), `${code}\nexport {};\n`);
        files.push(file);
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(10);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
    );
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const run = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
    // Only errors in the samples count: the rest of the tree is checked by the repo's own tsc run.
    const errors = run.stdout.split('\n').filter((line) => line.includes('switchyard-doc-samples'));
    expect(errors).toEqual([]);
  }, 120_000);
});
