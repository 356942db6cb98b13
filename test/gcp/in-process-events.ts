import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { onObject, type ObjectEvent, type ObjectFunctionOptions } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp';

/** An object function registered with `registerGcpFunctions`, served by the framework's `getTestServer` in this process. */
export interface InProcessEvents {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `fn` on a local port, as `functions-framework --target=<name>` would. */
export async function serveInProcess(fn: Parameters<typeof registerGcpFunctions>[0]): Promise<InProcessEvents> {
  registerGcpFunctions(fn);
  const server = getTestServer(fn.options.name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An object function recording the events its handler got. */
export function recordingObjectFunction(options: Partial<ObjectFunctionOptions> & { name: string }) {
  const events: ObjectEvent[] = [];
  const fn = onObject({ bucket: 'images', events: ['created', 'deleted'], ...options }, (event) => {
    events.push(event);
  });
  return { fn, events };
}

/** A JSON log line. */
export type LogLine = Record<string, unknown>;

/** The JSON lines written to stdout while `run` ran, kept off the test output. */
export async function logsDuring(run: () => Promise<unknown>): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}
