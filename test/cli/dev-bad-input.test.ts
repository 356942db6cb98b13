import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject, greetModule, type Project } from './project.js';
import { runCli, startDev } from './cli-process.js';

const projects: Project[] = [];
async function project(files: Record<string, string>): Promise<Project> {
  const created = await createProject(files);
  projects.push(created);
  return created;
}
afterAll(async () => {
  for (const created of projects) await created.remove();
});

/** The one `faasade: … [Code]` line a failed command printed, and its code. */
function errorLine(stderr: string): { lines: number; code: string | undefined } {
  const lines = stderr.trim().split('\n').filter((line) => line.startsWith('faasade: '));
  return { lines: lines.length, code: /\[(\w+)\]$/.exec(lines[0] ?? '')?.[1] };
}

describe('faasade dev: bad input', () => {
  it('reports a module that throws while loading, serves the others, and loads it once fixed', async () => {
    const dir = await project({
      'faasade.config.json': '{"functions":["fns/*"]}',
      'fns/greet.ts': greetModule(1),
      'fns/broken.ts': `import { json, onHttp } from '@faasade/core';\nthrow new Error('cannot start');\nexport default onHttp({ name: 'fixed', route: '/fixed' }, () => json({}));\n`,
    });
    const dev = await startDev(dir.dir);
    try {
      expect(dev.records.find((r) => r.kind === 'error')).toMatchObject({ code: 'FunctionLoadFailed' });
      expect((await fetch(`${dev.url}/greet`)).status).toBe(200);
      const before = dev.records.length;
      await dir.write('fns/broken.ts', `import { json, onHttp } from '@faasade/core';\nexport default onHttp({ name: 'fixed', route: '/fixed' }, () => json({ fixed: true }));\n`);
      await dev.waitFor((r) => r.kind === 'notice' && r.event === 'reloaded', 'the reload of the fixed module', before);
      expect(await (await fetch(`${dev.url}/fixed`)).json()).toEqual({ fixed: true });
    } finally {
      await dev.stop();
    }
  });

  it('answers 503 for a function whose new code fails to load, and serves it again once fixed', async () => {
    const dir = await project({ 'faasade.config.json': '{"functions":["greet.ts"]}', 'greet.ts': greetModule(1) });
    const dev = await startDev(dir.dir);
    try {
      const before = dev.records.length;
      await dir.write('greet.ts', `${greetModule(2)}\nthrow new TypeError('broken edit');\n`);
      await dev.waitFor((r) => r.kind === 'error' && r.code === 'FunctionLoadFailed', 'the load failure', before);
      const unavailable = await fetch(`${dev.url}/greet`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('content-type')).toBe('application/problem+json');
      await dir.write('greet.ts', greetModule(3));
      await dev.waitFor((r) => r.kind === 'notice' && r.event === 'reloaded', 'the reload', before);
      expect(await (await fetch(`${dev.url}/greet`)).json()).toEqual({ version: 3 });
    } finally {
      await dev.stop();
    }
  });

  it('serves the first of two functions with the same name and reports the other', async () => {
    const dir = await project({
      'faasade.config.json': '{"functions":["a.ts","b.ts"]}',
      'a.ts': greetModule(1, '/a'),
      'b.ts': greetModule(2, '/b'),
    });
    const dev = await startDev(dir.dir);
    try {
      expect(dev.records.find((r) => r.kind === 'error')).toMatchObject({ code: 'DuplicateFunction' });
      expect((await fetch(`${dev.url}/a`)).status).toBe(200);
      expect((await fetch(`${dev.url}/b`)).status).toBe(404);
    } finally {
      await dev.stop();
    }
  });

  it('exits 1 with one line when the port is in use', async () => {
    const dir = await project({ 'faasade.config.json': '{"functions":["greet.ts"]}', 'greet.ts': greetModule(1) });
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await runCli(['dev', '--port', String(port)], { cwd: dir.dir });
      expect(result.code).toBe(1);
      expect(errorLine(result.stderr)).toEqual({ lines: 1, code: 'PortInUse' });
    } finally {
      blocker.close();
    }
  });

  it('exits 1 for a config file that is not valid JSON, and for a project without functions', async () => {
    const broken = await project({ 'faasade.config.json': '{"functions": [' });
    const invalid = await runCli(['dev', '--port', '0'], { cwd: broken.dir });
    expect(invalid.code).toBe(1);
    expect(errorLine(invalid.stderr)).toEqual({ lines: 1, code: 'ConfigInvalid' });

    const empty = await project({ 'README.md': 'nothing here' });
    const none = await runCli(['dev', '--port', '0'], { cwd: empty.dir });
    expect(none.code).toBe(1);
    expect(errorLine(none.stderr)).toEqual({ lines: 1, code: 'FunctionNotFound' });
  });

  it('exits 2 for an unknown command or option, or a port that is not a number', async () => {
    const dir = await project({ 'greet.ts': greetModule(1) });
    for (const args of [['deploy'], ['dev', '--prot', '3000'], ['dev', '--port', 'http']]) {
      const result = await runCli(args, { cwd: dir.dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(errorLine(result.stderr), args.join(' ')).toEqual({ lines: 1, code: 'UsageError' });
    }
  });
});
