import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../..', import.meta.url));

/** A throwaway project directory a test runs the `faasade` command in. */
export interface Project {
  readonly dir: string;
  path(...parts: string[]): string;
  /** Writes a file (creating its directories). */
  write(relativePath: string, text: string | Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Creates a project in a temporary directory with `files` in it, and `@faasade/core`
 * installed the way a user's project has it (node_modules/@faasade/core, linked to this
 * workspace's package).
 */
export async function createProject(files: Record<string, string>): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'faasade-cli-'));
  await mkdir(join(dir, 'node_modules', '@faasade'), { recursive: true });
  await symlink(join(workspace, 'packages', 'core'), join(dir, 'node_modules', '@faasade', 'core'), 'dir');
  const project: Project = {
    dir,
    path: (...parts) => join(dir, ...parts),
    async write(relativePath, text) {
      await mkdir(dirname(join(dir, relativePath)), { recursive: true });
      await writeFile(join(dir, relativePath), text);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  for (const [path, text] of Object.entries(files)) await project.write(path, text);
  return project;
}

/** An HTTP function that greets, logging one line (its `version` shows which code answered). */
export function greetModule(version: number, route = '/greet'): string {
  return `import { json, onHttp } from '@faasade/core';
export default onHttp({ name: 'greet', route: '${route}' }, (request, ctx) => {
  ctx.log.info('greeting', { version: ${version} });
  return json({ version: ${version} });
});
`;
}

/**
 * An object function on bucket `files` under `in/` that logs each event it gets
 * (`seen`, with id, type, key, size and how many events it was handling at once).
 * Keys containing "fail-once" throw on their first delivery; "slow" ones take 150 ms;
 * "hang" ones take 3 s, past the function's 1 s timeout.
 */
export const recorderModule = `import { onObject } from '@faasade/core';
let running = 0;
const failed = new Set<string>();
export default onObject({ name: 'recorder', bucket: 'files', events: ['created', 'deleted'], prefix: 'in/', timeoutSeconds: 1 }, async (event, ctx) => {
  running++;
  try {
    ctx.log.info('seen', { id: event.id, type: event.type, key: event.data.key, bucket: event.data.bucket, size: event.data.size, concurrent: running });
    if (event.data.key.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 150));
    if (event.data.key.includes('hang')) await new Promise((resolve) => setTimeout(resolve, 3000));
    if (event.data.key.includes('fail-once') && !failed.has(event.id)) {
      failed.add(event.id);
      throw new Error('failing the first delivery on purpose');
    }
  } finally {
    running--;
  }
});
`;

/** An HTTP function writing and deleting objects of bucket `files` through the storage API. */
export const writerModule = `import { json, onHttp } from '@faasade/core';
import { bucket } from '@faasade/core/storage';
export default onHttp({ name: 'writer', route: '/objects/{key+}', methods: ['PUT', 'DELETE'] }, async (request) => {
  const key = decodeURIComponent(new URL(request.url).pathname.slice('/objects/'.length));
  if (request.method === 'DELETE') await bucket('files').delete(key);
  else await bucket('files').put(key, await request.text(), { contentType: 'text/plain' });
  return json({ key });
});
`;
