import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, greetModule, type Project } from './project.js';
import { FAASADE, startDev, type DevProcess } from './cli-process.js';
import { spawn } from 'node:child_process';

describe('faasade dev: HTTP functions', () => {
  let project: Project;
  let dev: DevProcess;

  beforeAll(async () => {
    project = await createProject({
      'faasade.config.json': JSON.stringify({ functions: ['functions/*'] }),
      'functions/greet.ts': greetModule(1),
      'functions/echo.ts': `import { json, onHttp } from '@faasade/core';
export default onHttp({ name: 'echo', route: '/echo/{rest+}', methods: ['POST'] }, async (request) =>
  json({ url: request.url, body: await request.text(), type: request.headers.get('content-type') }));
`,
    });
    dev = await startDev(project.dir);
  });
  afterAll(async () => {
    await dev?.stop();
    await project?.remove();
  });

  it('serves each function at its declared route, with its log lines before the invocation line', async () => {
    const response = await fetch(`${dev.url}/greet`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 1 });
    const invocation = await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'greet', 'the greet invocation');
    expect(invocation).toMatchObject({ trigger: 'http', status: 200, subject: 'GET /greet' });
    const index = dev.records.indexOf(invocation);
    expect(dev.records[index - 1]).toMatchObject({ kind: 'log', message: 'greeting', function: 'greet', invocationId: invocation.invocationId });
  });

  it('passes the body, method and URL through, and answers 404 and 405 like the clouds', async () => {
    const response = await fetch(`${dev.url}/echo/a/b?x=1`, { method: 'POST', body: 'hi', headers: { 'content-type': 'text/plain' } });
    expect(await response.json()).toEqual({ url: `${dev.url}/echo/a/b?x=1`, body: 'hi', type: 'text/plain' });
    expect((await fetch(`${dev.url}/echo/a`)).status).toBe(405);
    expect((await fetch(`${dev.url}/nowhere`)).status).toBe(404);
  });

  it('starts each instance cold and keeps it warm', async () => {
    const before = dev.records.length;
    await fetch(`${dev.url}/echo/x`, { method: 'POST' });
    await dev.waitFor((r) => r.kind === 'invocation' && r.subject === 'POST /echo/x', 'the echo invocation', before);
    const calls = dev.records.filter((r) => r.kind === 'invocation' && r.function === 'echo');
    expect(calls[0]).toMatchObject({ coldStart: true });
    expect(typeof calls[0]!.initMs).toBe('number');
    expect(calls.slice(1).every((r) => r.coldStart === false)).toBe(true);
  });

  it('reloads a changed module without a restart: new code, a fresh instance, a cold start', async () => {
    const previous = dev.records.length;
    await fetch(`${dev.url}/greet`);
    await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'greet', 'the invocation before the change', previous);
    const before = dev.records.length;
    await project.write('functions/greet.ts', greetModule(2));
    await dev.waitFor((r) => r.kind === 'notice' && r.event === 'reloaded', 'the reload notice', before);
    const response = await fetch(`${dev.url}/greet`);
    expect(await response.json()).toEqual({ version: 2 });
    const invocation = await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'greet', 'the first invocation after the reload', before);
    expect(invocation.coldStart).toBe(true);
  });
});

describe('faasade dev: readable output', () => {
  it('prints one line per invocation with status, duration and cold/warm, and the log lines beneath', async () => {
    const project = await createProject({ 'faasade.config.json': '{"functions":["greet.ts"]}', 'greet.ts': greetModule(7) });
    const child = spawn(FAASADE[0]!, [...FAASADE.slice(1), 'dev', '--port', '0'], { cwd: project.dir, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    let out = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const found = /ready in .* at (http:\/\/\S+)/.exec(out);
          if (found) resolve(found[1]!);
        });
        child.once('exit', () => reject(new Error(`exited: ${out}`)));
      });
      await fetch(`${url}/greet`);
      await fetch(`${url}/greet`);
      await new Promise<void>((resolve) => {
        const check = (): void => void ((out.match(/→ 200/g) ?? []).length >= 2 && resolve());
        child.stdout.on('data', check);
        check();
      });
      const lines = out.split('\n');
      const first = lines.findIndex((line) => line.startsWith('greet  GET /greet → 200'));
      expect(lines[first]).toMatch(/^greet {2}GET \/greet → 200 {2}[\d.]+ m?s {2}cold \(init [\d.]+ m?s\)$/);
      expect(lines[first + 1]).toMatch(/^ {4}info +greeting {2}version=7$/);
      expect(lines.find((line, i) => i > first && line.startsWith('greet  GET'))).toMatch(/warm$/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      await project.remove();
    }
  });
});

describe('faasade dev: starting again', () => {
  it('routes from what an unchanged module declared last time, starting its instance on the first request', async () => {
    const project = await createProject({ 'faasade.config.json': '{"functions":["greet.ts"]}', 'greet.ts': greetModule(1) });
    try {
      const first = await startDev(project.dir);
      expect(await (await fetch(`${first.url}/greet`)).json()).toEqual({ version: 1 });
      await first.stop();

      const second = await startDev(project.dir);
      try {
        const ready = second.records.find((r) => r.kind === 'notice' && r.event === 'ready')!;
        expect(ready.functions).toMatchObject([{ name: 'greet', trigger: 'http', available: true }]);
        expect(await (await fetch(`${second.url}/greet`)).json()).toEqual({ version: 1 });
        const invocation = await second.waitFor((r) => r.kind === 'invocation', 'the first invocation');
        expect(invocation.coldStart).toBe(true);
        expect(typeof invocation.initMs).toBe('number');
      } finally {
        await second.stop();
      }

      // Changed while nothing ran: the new code is loaded, not the remembered routes.
      await project.write('greet.ts', greetModule(2, '/hi'));
      const third = await startDev(project.dir);
      try {
        expect((await fetch(`${third.url}/greet`)).status).toBe(404);
        expect(await (await fetch(`${third.url}/hi`)).json()).toEqual({ version: 2 });
      } finally {
        await third.stop();
      }
    } finally {
      await project.remove();
    }
  });
});
