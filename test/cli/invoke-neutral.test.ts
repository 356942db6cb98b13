import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from './project.js';
import { runCli } from './cli-process.js';
import { errorCode, invokeProject, resultOf, seenIn } from './invoke-project.js';

describe('faasade invoke: neutral events', { timeout: 120_000 }, () => {
  let project: Project;
  beforeAll(async () => {
    project = await invokeProject();
    await project.write('events/post.json', JSON.stringify({ method: 'POST', path: '/a/b?x=1', headers: { 'content-type': 'text/plain' }, body: 'hello' }));
  });
  afterAll(() => project?.remove());

  it('runs an HTTP function by name with a request description from a file', async () => {
    const finished = await runCli(['invoke', 'echo', '--event', 'events/post.json'], { cwd: project.dir });
    expect(finished.code).toBe(0);
    const result = resultOf(finished);
    expect(result).toMatchObject({ status: 200, isBase64Encoded: false });
    expect(JSON.parse(String(result.body))).toEqual({ method: 'POST', path: '/a/b', query: '?x=1', body: 'hello', cloud: 'local' });
  });

  it('runs an object function with an object event from stdin, its logs on stderr', async () => {
    const event = JSON.stringify({ type: 'object.deleted', data: { key: 'docs/a.txt' } });
    const finished = await runCli(['invoke', 'recorder', '--event', '-'], { cwd: project.dir, stdin: event });
    expect(finished.code).toBe(0);
    expect(resultOf(finished)).toEqual({ status: 'processed' });
    expect(seenIn(finished.stderr)).toMatchObject([{ type: 'object.deleted', key: 'docs/a.txt', bucket: 'files', cloud: 'local' }]);
  });

  it('reports a handler failure as a failed invocation: the error as JSON and exit 1', async () => {
    const finished = await runCli(['invoke', 'recorder', '--event', '-'], { cwd: project.dir, stdin: '{"data":{"key":"fail.txt"}}' });
    expect(finished.code).toBe(1);
    expect(resultOf(finished)).toMatchObject({ status: 'failed', error: { message: 'failing on purpose' } });
  });

  it('takes a module path instead of a name, and path#name for one of several functions', async () => {
    const single = await runCli(['invoke', 'functions/echo.ts', '--event', '-'], { cwd: project.dir, stdin: '{"path":"/p"}' });
    expect(single.code).toBe(0);
    expect(JSON.parse(String(resultOf(single).body))).toMatchObject({ method: 'GET', path: '/p' });
    const named = await runCli(['invoke', './two.ts#second'], { cwd: project.dir });
    expect(JSON.parse(String(resultOf(named).body))).toEqual({ which: 'second' });
    const ambiguous = await runCli(['invoke', './two.ts'], { cwd: project.dir });
    expect(ambiguous.code).toBe(1);
    expect(errorCode(ambiguous.stderr)).toBe('FunctionNotFound');
  });
});

describe('faasade invoke: bad input', { timeout: 120_000 }, () => {
  let project: Project;
  beforeAll(async () => {
    project = await invokeProject();
    await project.write('events/truncated.json', '{"method": "GET", "path": ');
    await project.write('events/bad-headers.json', '{"path": "/x", "headers": 5}');
  });
  afterAll(() => project?.remove());

  const cases: Array<[string, string[], number, string]> = [
    ['an unknown function name', ['invoke', 'nope'], 1, 'FunctionNotFound'],
    ['a malformed event file', ['invoke', 'echo', '--event', 'events/truncated.json'], 1, 'EventFileInvalid'],
    ['a missing event file', ['invoke', 'echo', '--event', 'events/none.json'], 1, 'EventFileInvalid'],
    ['an HTTP event with wrong field types', ['invoke', 'echo', '--event', 'events/bad-headers.json'], 1, 'EventFileInvalid'],
    ['an object function without an event', ['invoke', 'recorder'], 1, 'EventFileInvalid'],
    ['a route with parameters but no path', ['invoke', 'echo'], 1, 'EventFileInvalid'],
    ['a module that throws while loading', ['invoke', './broken.ts'], 1, 'FunctionLoadFailed'],
    ['an unknown cloud', ['invoke', 'echo', '--cloud', 'ibm'], 2, 'UsageError'],
    ['no function at all', ['invoke'], 2, 'UsageError'],
  ];
  it.each(cases.map(([what, args, exit, code]) => ({ what, args, exit, code })))('$what: one $code line, nothing on stdout, exit $exit', async ({ args, exit, code }) => {
    const finished = await runCli(args, { cwd: project.dir });
    expect(finished.code).toBe(exit);
    expect(errorCode(finished.stderr)).toBe(code);
    expect(finished.stdout).toBe('');
  });
});
