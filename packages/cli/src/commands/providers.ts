import type { Io } from '../io.js';
import { providerTable } from '../provider-table.js';
import { colorsEnabled, createStyle } from '../style.js';

/**
 * `switchyard providers`: every provider the CLI can reach, its package, and which of its
 * key variables are set — names only, never values.
 */
export function providers(io: Io): number {
  const style = createStyle(colorsEnabled(io.stdout, io.env));
  const rows = providerTable();
  const width = Math.max(...rows.map((row) => row.name.length)) + 2;
  io.stdout.write(`${style.bold('Providers')} (spec prefix, package, API key variables)\n`);
  for (const row of rows) {
    const keys =
      row.keyEnv.length === 0
        ? style.dim('no key needed')
        : row.keyEnv
            .map((name) => {
              const value = io.env[name];
              return `${name} ${value !== undefined && value.trim() !== '' ? 'set' : style.dim('not set')}`;
            })
            .join(', ');
    const note = row.note === undefined ? '' : style.dim(`  ${row.note}`);
    io.stdout.write(`  ${row.name.padEnd(width)}${row.packageName.padEnd(24)}${keys}${note}\n`);
  }
  io.stdout.write(
    `\nUse one as ${style.cyan('switchyard chat <provider>:<model> "prompt"')}. Other adapters (@switchyard/<provider>) installed beside the CLI are loaded by name.\n`,
  );
  return 0;
}
