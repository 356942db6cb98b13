import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createProject, type Project } from './project.js';
import type { Finished } from './cli-process.js';

/** Vendor sample events (never edited; derived cases are made from them in code). */
export const VENDOR_EVENTS = fileURLToPath(new URL('../fixtures/vendor-events', import.meta.url));

/** A vendor event file's path. */
export const vendor = (path: string): string => `${VENDOR_EVENTS}/${path}`;

/** A vendor event, parsed (BOM-tolerant), for deriving cases from. */
export function vendorEvent(path: string): unknown {
  return JSON.parse(readFileSync(vendor(path), 'utf8').replace(/^\uFEFF/, ''));
}

/**
 * A project with an HTTP function `echo` (every path, answers what it was asked) and an
 * object function `recorder` on bucket `files` that logs each event as `seen` and throws
 * for keys containing "fail".
 */
export function invokeProject(): Promise<Project> {
  return createProject({
    'faasade.config.json': JSON.stringify({ functions: ['functions/*'] }),
    'functions/echo.ts': `import { json, onHttp } from '@faasade/core';
export default onHttp({ name: 'echo', route: '/{path+}' }, async (request, ctx) => {
  const url = new URL(request.url);
  ctx.log.info('echo', { path: url.pathname });
  return json({ method: request.method, path: url.pathname, query: url.search, body: await request.text(), cloud: ctx.cloud });
});
`,
    'functions/recorder.ts': `import { onObject } from '@faasade/core';
export default onObject({ name: 'recorder', bucket: 'files', events: ['created', 'deleted'] }, (event, ctx) => {
  ctx.log.info('seen', { type: event.type, bucket: event.data.bucket, key: event.data.key, size: event.data.size, cloud: event.cloud });
  if (event.data.key.includes('fail')) throw new Error('failing on purpose');
});
`,
    'two.ts': `import { json, onHttp } from '@faasade/core';
export const first = onHttp({ name: 'first', route: '/first' }, () => json({ which: 'first' }));
export const second = onHttp({ name: 'second', route: '/second' }, () => json({ which: 'second' }));
`,
    'broken.ts': `throw new Error('this module cannot load');\n`,
  });
}

/** The result JSON a successful-or-failed invocation printed on stdout. */
export function resultOf(finished: Finished): Record<string, unknown> {
  try {
    return JSON.parse(finished.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${finished.code}):\n${finished.stdout}\nstderr:\n${finished.stderr}`);
  }
}

/** The `seen` entries the recorder logged (to stderr, in whatever wrapping the cloud's logger adds). */
export function seenIn(stderr: string): Array<Record<string, unknown>> {
  return stderr.split('\n').filter((line) => line.includes('"message":"seen"')).map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
}

/** The `[Code]` of the one error line a failed command printed. */
export function errorCode(stderr: string): string | undefined {
  const lines = stderr.trim().split('\n').filter((line) => line.startsWith('faasade: '));
  return lines.length === 1 ? /\[(\w+)\]$/.exec(lines[0]!)?.[1] : `${lines.length} error lines`;
}
