#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpFunction } from '@faasade/core';
import { startDevServer } from './dev-server.js';

const USAGE = `usage: faasade dev [--port <n>] <function module>...

  dev   serve the HTTP functions exported (default export) by each module on localhost`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [command, ...modules] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command !== 'dev') {
    console.error(`faasade: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`faasade: --port must be a port number, got "${values.port}"`);
    return 2;
  }
  const functions: HttpFunction[] = [];
  for (const path of modules) {
    const fn = await loadFunction(path);
    if (!fn) return 1;
    functions.push(fn);
  }
  try {
    const server = await startDevServer({
      functions,
      port,
      onInvocation: (r) => console.log(`${r.functionName} ${r.method} ${r.path} → ${r.status} ${r.durationMs.toFixed(1)} ms${r.coldStart ? ' (cold)' : ''}`),
    });
    console.log(`faasade dev: serving ${functions.map((f) => `${f.options.name} at ${server.url}${f.options.route}`).join(', ')}`);
    return await new Promise<number>(() => {});
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `faasade: port ${port} is in use; pass --port <another>` : `faasade: could not start: ${(error as Error).message}`);
    return 1;
  }
}

async function loadFunction(path: string): Promise<HttpFunction | undefined> {
  try {
    const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: HttpFunction };
    if (mod.default?.trigger === 'http') return mod.default;
    console.error(`faasade: ${path} has no default export declared with onHttp()`);
  } catch (error) {
    console.error(`faasade: could not load ${path}: ${(error as Error).message}`);
  }
  return undefined;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
