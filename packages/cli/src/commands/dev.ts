import { parseArgs } from 'node:util';
import { CliError } from '../errors.js';
import { jsonReporter } from '../output/json-reporter.js';
import type { Reporter } from '../output/reporter.js';
import { textReporter } from '../output/text-reporter.js';
import { startDev } from '../runtime/dev-runtime.js';

/**
 * `faasade dev`: runs until interrupted. Resolves with the exit code once the runtime
 * stops (SIGINT/SIGTERM → 0); rejects with a CliError when it cannot start.
 */
export async function devCommand(args: string[], reporterFor: (json: boolean) => Reporter = defaultReporter): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      trace: { type: 'boolean' },
    },
  });
  const reporter = reporterFor(values.json === true);
  const port = values.port === undefined ? undefined : parsePort(values.port);
  let dev;
  try {
    dev = await startDev({
      reporter,
      ...(port === undefined ? {} : { port }),
      ...(values.host ? { host: values.host } : {}),
      ...(values.config ? { config: values.config } : {}),
      ...(positionals.length > 0 ? { modules: positionals } : {}),
      watch: values['no-watch'] !== true,
      trace: values.trace === true,
    });
  } finally {
    // What was reported before a failure to start must reach the screen before the error.
    reporter.flush();
  }
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void dev.close().then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function defaultReporter(json: boolean): Reporter {
  return json ? jsonReporter() : textReporter();
}

/** A port number from the command line. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliError('UsageError', `--port must be a number from 0 to 65535, got "${text}"`);
  return port;
}
