import { chat } from './commands/chat.js';
import { demo } from './commands/demo.js';
import { providers } from './commands/providers.js';
import { replay } from './commands/replay.js';
import { formatError } from './format-error.js';
import type { Io } from './io.js';
import { parseCliArgs, UsageError } from './parse-args.js';
import { USAGE } from './usage.js';
import { VERSION } from './version.js';

/** Runs one `switchyard` command line; resolves with the process exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case 'providers':
        return providers(io);
      case 'replay':
        return await replay(args.port, io);
      case 'demo':
        return await demo(io, { verbose: args.verbose });
      case 'chat':
        return await chat(args, io);
    }
  } catch (error) {
    if (io.signal.aborted) return 130;
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\nhint: run \`switchyard help\` for the commands and options.\n`);
      return 1;
    }
    for (const line of formatError(error, { verbose: argv.includes('--verbose') })) io.stderr.write(`${line}\n`);
    return 1;
  }
}
