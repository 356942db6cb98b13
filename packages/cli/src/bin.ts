#!/usr/bin/env node
import { CliError, firstLine, isCliError } from './errors.js';
import { devCommand } from './commands/dev.js';
import { invokeCommand } from './commands/invoke.js';
import { USAGE } from './usage.js';

// Function modules run from bundles with inline source maps: stacks then name the user's files.
process.setSourceMapsEnabled(true);

// Output piped into a command that stopped reading (`faasade dev | head`): stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const json = rest.includes('--json');
  try {
    if (command === 'dev') return await devCommand(rest);
    if (command === 'invoke') return await invokeCommand(rest);
    // Loaded only when asked for: dev and invoke start without the build code.
    if (command === 'build') return await (await import('./build/run.js')).runBuild(rest);
    throw new CliError('UsageError', `unknown command "${command}"; use "faasade dev", "faasade invoke" or "faasade build" (faasade --help)`);
  } catch (error) {
    const cliError = isCliError(error) ? error : asUsageError(error);
    if (json) process.stdout.write(`${JSON.stringify({ kind: 'error', code: cliError.code, message: cliError.message })}\n`);
    else process.stderr.write(`faasade: ${cliError.message} [${cliError.code}]\n`);
    return cliError.exitCode;
  }
}

// parseArgs throws plain TypeErrors with a code for unknown or malformed options.
function asUsageError(error: unknown): CliError {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return new CliError('UsageError', `${firstLine(error)} (faasade --help)`);
  return new CliError('InternalError', `unexpected failure: ${firstLine(error)}; please report it`, { cause: error });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Watchers and loader threads must not keep a finished command alive.
  setImmediate(() => process.exit(code));
});
