import { parseArgs } from 'node:util';
import { CliError } from '../errors.js';
import { readEventFile } from '../invoke/event-file.js';
import { findFunction } from '../invoke/find-function.js';
import { invokeAws } from '../invoke/aws.js';
import { invokeAzure } from '../invoke/azure.js';
import { invokeGcp } from '../invoke/gcp.js';
import { invokeLocal } from '../invoke/local.js';
import type { InvokeOutcome, InvokeRequest } from '../invoke/types.js';

const CLOUDS: Readonly<Record<string, (request: InvokeRequest) => Promise<InvokeOutcome>>> = {
  aws: invokeAws,
  azure: invokeAzure,
  gcp: invokeGcp,
};

/**
 * `faasade invoke <function> [--event <file>|-] [--cloud aws|azure|gcp]`: prints the
 * result as JSON on stdout (everything else, the function's logs included, goes to
 * stderr) and exits 0, or 1 when the invocation failed the way the platform counts it.
 */
export async function invokeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      event: { type: 'string', short: 'e' },
      cloud: { type: 'string' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) {
    throw new CliError('UsageError', 'usage: faasade invoke <function name or module path> [--event <file>|-] [--cloud aws|azure|gcp]');
  }
  const cloud = values.cloud;
  if (cloud !== undefined && !(cloud in CLOUDS)) throw new CliError('UsageError', `--cloud must be aws, azure or gcp, got "${cloud}"`);
  // Read the event first: a bad event file should not wait for modules to load.
  const event = values.event === undefined ? undefined : await readEventFile(values.event);
  const { fn, instance } = await findFunction(positionals[0]!, process.cwd(), values.config);
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const log = (line: string): void => void process.stderr.write(line);
  // Loggers that write to stdout (as Lambda and Cloud Run capture it) must not mix with the result.
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let outcome: InvokeOutcome;
  try {
    outcome = await (cloud ? CLOUDS[cloud]! : invokeLocal)({ fn, instance, event, log });
  } finally {
    process.stdout.write = stdoutWrite;
  }
  await new Promise<void>((resolve) => stdoutWrite(`${JSON.stringify(outcome.result, null, 2)}\n`, () => resolve()));
  return outcome.failed ? 1 : 0;
}
