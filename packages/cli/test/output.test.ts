/**
 * What `faasade dev` prints: batched output must come out exactly as written (UTF-8,
 * in order) and must not be lost when the process ends before a batch was due.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../src/output/json-reporter.js';
import type { InvocationReport } from '../src/output/reporter.js';
import { textReporter } from '../src/output/text-reporter.js';
import { BatchedWriter } from '../src/output/reporter.js';

const report: InvocationReport = {
  function: 'grüße', invocationId: 'id-1', trigger: 'http', subject: 'GET /café?q=ü✓', status: 200,
  durationMs: 1.25, coldStart: false,
  logs: [{ line: '{"level":"info","message":"hallo wörld 😀","who":"Zoë"}\n', level: 'info' }],
};

function captured(): { out: (text: string) => void; text: () => string } {
  let text = '';
  return { out: (chunk) => void (text += chunk), text: () => text };
}

describe('text output', () => {
  it('prints an invocation line and its log lines with any characters intact', () => {
    const sink = captured();
    const reporter = textReporter({ out: sink.out, color: false });
    reporter.invocation(report);
    reporter.notice('ready → ✓');
    reporter.flush();
    expect(sink.text()).toBe('grüße  GET /café?q=ü✓ → 200  1.3 ms  warm\n    info   hallo wörld 😀  who=Zoë\nready → ✓\n');
  });

  it('prints every kind of invocation line: HTTP parts, cold starts, colours, failed deliveries, odd characters, an endless subject', () => {
    const lines = (color: boolean, ...reports: InvocationReport[]): string => {
      const sink = captured();
      const reporter = textReporter({ out: sink.out, color });
      for (const one of reports) reporter.invocation(one);
      reporter.flush();
      return sink.text();
    };
    const http: InvocationReport = { function: 'hello', invocationId: 'i', trigger: 'http', subject: 'GET /hello?name=Ada', method: 'GET', target: '/hello?name=Ada', status: 200, durationMs: 0.44, coldStart: true, initMs: 38.2, logs: [] };
    expect(lines(false, http)).toBe('hello  GET /hello?name=Ada → 200  0.4 ms  cold (init 38 ms)\n');
    expect(lines(true, { ...http, status: 503, durationMs: 12.6, coldStart: false })).toBe('hello  GET /hello?name=Ada → \x1b[31m503\x1b[39m  13 ms  warm\n');
    expect(lines(false, { ...http, target: '/caf\u00e9/\ud800', subject: 'GET /caf\u00e9/\ud800', durationMs: 9.96, coldStart: false })).toBe('hello  GET /café/\ufffd → 200  10.0 ms  warm\n');
    const event: InvocationReport = { function: 'thumbs', invocationId: 'e', trigger: 'object', subject: 'object.created images/a.jpg', status: 'failed', durationMs: 2500, coldStart: false, attempt: 2, retryInMs: 1500, logs: [] };
    expect(lines(false, event)).toBe('thumbs  object.created images/a.jpg → failed  2.5 s  warm  attempt 2  retry in 1.5 s\n');
    expect(lines(true, { ...event, attempt: 3, retryInMs: undefined })).toBe('thumbs  object.created images/a.jpg → \x1b[31mfailed\x1b[39m  2.5 s  warm  attempt 3\x1b[31m  gave up\x1b[39m\n');
    expect(lines(false, { ...event, status: 'skipped', attempt: 1, durationMs: 0 })).toBe('thumbs  object.created images/a.jpg → skipped  0.0 ms  warm\n');
    // Longer than a batch's room for one line: written whole all the same, after what came before.
    const endless = `GET /${'ü'.repeat(30_000)}`;
    expect(lines(false, http, { ...http, method: undefined, target: undefined, subject: endless })).toBe(`hello  GET /hello?name=Ada → 200  0.4 ms  cold (init 38 ms)\nhello  ${endless} → 200  0.4 ms  cold (init 38 ms)\n`);
  });

  it('starts each line from its own report when consecutive lines share or change their function, request, status or colours', () => {
    // The start of the last line (function, request, status) is reused while it matches:
    // every piece that can differ is changed once here, each after a line that matched.
    const sink = captured();
    const plain = textReporter({ out: sink.out, color: false });
    const http: InvocationReport = { function: 'hello', invocationId: 'i', trigger: 'http', subject: 'GET /hello?name=Ada', method: 'GET', target: '/hello?name=Ada', status: 200, durationMs: 0.44, coldStart: false, logs: [] };
    const sequence: InvocationReport[] = [
      http, { ...http, durationMs: 3 }, { ...http, durationMs: 0.449 }, { ...http, durationMs: 9.96 }, { ...http, durationMs: 10.4 },
      { ...http, coldStart: true, initMs: 12 }, { ...http, durationMs: 3.04 },
      { ...http, target: '/hello?name=Bo', subject: 'GET /hello?name=Bo' },
      { ...http, target: '/hello?name=Bo', subject: 'GET /hello?name=Bo', method: 'HEAD' },
      { ...http, status: 404 }, { ...http, function: 'other' }, http,
      { ...http, method: undefined, target: undefined, subject: 'GET /hello?name=Ada' },
      { ...http, method: undefined, target: undefined, subject: 'GET /else' },
      { ...http, trigger: 'object', method: undefined, target: undefined, subject: 'object.created b/k', status: 'ok' },
      { ...http, trigger: 'object', method: undefined, target: undefined, subject: 'object.created b/k', status: 'failed', retryInMs: 100, attempt: 1 },
    ];
    for (const one of sequence) plain.invocation(one);
    plain.flush();
    expect(sink.text().split('\n')).toEqual([
      'hello  GET /hello?name=Ada → 200  0.4 ms  warm',
      'hello  GET /hello?name=Ada → 200  3.0 ms  warm',
      'hello  GET /hello?name=Ada → 200  0.4 ms  warm',
      'hello  GET /hello?name=Ada → 200  10.0 ms  warm',
      'hello  GET /hello?name=Ada → 200  10 ms  warm',
      'hello  GET /hello?name=Ada → 200  0.4 ms  cold (init 12 ms)',
      'hello  GET /hello?name=Ada → 200  3.0 ms  warm',
      'hello  GET /hello?name=Bo → 200  0.4 ms  warm',
      'hello  HEAD /hello?name=Bo → 200  0.4 ms  warm',
      'hello  GET /hello?name=Ada → 404  0.4 ms  warm',
      'other  GET /hello?name=Ada → 200  0.4 ms  warm',
      'hello  GET /hello?name=Ada → 200  0.4 ms  warm',
      'hello  GET /hello?name=Ada → 200  0.4 ms  warm',
      'hello  GET /else → 200  0.4 ms  warm',
      'hello  object.created b/k → ok  0.4 ms  warm',
      'hello  object.created b/k → failed  0.4 ms  warm  retry in 100 ms',
      '',
    ]);
    // The dev server hands warm HTTP invocations without logs over as fields, not reports:
    // the lines must be the same, whichever way each came (mixed here, as they are in use).
    const byFields = captured();
    const fields = textReporter({ out: byFields.out, color: false });
    for (const one of sequence) {
      const { function: fn, invocationId, method, target, status, durationMs, coldStart, logs } = one;
      if (method !== undefined && target !== undefined && typeof status === 'number' && !coldStart && logs.length === 0) {
        fields.httpInvocation!(fn, invocationId, method, target, status, durationMs);
      } else {
        fields.invocation(one);
      }
    }
    fields.flush();
    expect(byFields.text()).toBe(sink.text());
    // Once a start is kept (two lines alike), each field that can differ changes alone.
    const repeated = captured();
    const quick = textReporter({ out: repeated.out, color: false });
    const variants: Array<[fn: string, method: string, target: string, status: number]> = [
      ['hello', 'GET', '/a', 200], ['hello', 'GET', '/a', 404], ['hello', 'POST', '/a', 404], ['hello', 'POST', '/b', 404], ['bye', 'POST', '/b', 404],
    ];
    for (const [fn, method, target, status] of variants) for (let i = 0; i < 3; i++) quick.httpInvocation!(fn, 'i', method, target, status, i);
    quick.flush();
    expect(repeated.text().split('\n')).toEqual([
      ...variants.flatMap(([fn, method, target, status]) => [0, 1, 2].map((ms) => `${fn}  ${method} ${target} → ${status}  ${ms}.0 ms  warm`)),
      '',
    ]);

    // Two reporters, one coloured: each line is painted by its own reporter's style.
    const colored = captured();
    const color = textReporter({ out: colored.out, color: true });
    color.invocation(http);
    color.invocation({ ...http, status: 500 });
    color.flush();
    expect(colored.text()).toBe('hello  GET /hello?name=Ada → \x1b[32m200\x1b[39m  0.4 ms  warm\nhello  GET /hello?name=Ada → \x1b[31m500\x1b[39m  0.4 ms  warm\n');
  });

  it('writes lines in the order they were reported, in one write per batch', () => {
    const writes: string[] = [];
    const reporter = textReporter({ out: (text) => void writes.push(text), color: false });
    for (let i = 0; i < 3; i++) reporter.invocation({ ...report, logs: [], subject: `GET /n/${i}` });
    reporter.flush();
    expect(writes).toEqual(['grüße  GET /n/0 → 200  1.3 ms  warm\ngrüße  GET /n/1 → 200  1.3 ms  warm\ngrüße  GET /n/2 → 200  1.3 ms  warm\n']);
  });
});

describe('batches', () => {
  it('keep every character and the order across batch boundaries, a text larger than a batch included', () => {
    const writes: string[] = [];
    const writer = new BatchedWriter((text) => void writes.push(text));
    const texts: string[] = [];
    // Lines of mixed widths (1- to 4-byte UTF-8), so boundaries fall in every kind of character.
    for (let i = 0; i < 3000; i++) texts.push(`${i} ${'é✓😀a'.repeat(i % 7)} ${'x'.repeat(i % 50)}\n`);
    texts.splice(1500, 0, `${'ü'.repeat(40_000)}\n`);
    for (const text of texts) writer.push(text);
    writer.flush();
    expect(writes.join('')).toBe(texts.join(''));
    expect(writes.length).toBeGreaterThan(3);
    // Each write is one batch (at most 64 KB) except the oversized text, written on its own.
    expect(writes.filter((text) => Buffer.byteLength(text) > 64 * 1024)).toEqual([texts[1500]]);
  });

  it('encode a lone surrogate as U+FFFD, as Node does, and the text around it intact', () => {
    const writes: string[] = [];
    const writer = new BatchedWriter((text) => void writes.push(text));
    const texts = ['ok → \ud800 half\n', 'a\udc00\n', `${'é'.repeat(300)}\udbff\n`, 'after ✓\n'];
    for (const text of texts) writer.push(text);
    writer.flush();
    expect(writes.join('')).toBe(Buffer.from(texts.join(''), 'utf8').toString('utf8'));
    expect(writes.join('')).toContain('ok → \ufffd half\na\ufffd\n');
  });
});

describe('--json output', () => {
  it('writes one parseable object per line, non-ASCII text unchanged', () => {
    const sink = captured();
    const reporter = jsonReporter(sink.out);
    reporter.invocation(report);
    reporter.flush();
    const lines = sink.text().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { kind: 'log', function: 'grüße', message: 'hallo wörld 😀', who: 'Zoë' },
      { kind: 'invocation', function: 'grüße', subject: 'GET /café?q=ü✓', status: 200 },
    ]);
  });
});

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = pathToFileURL(`${workspace}node_modules/tsx/dist/esm/index.mjs`).href;

/** Runs a script that reports one invocation to stdout and then ends the way `ending` says. */
function reportThenEnd(reporter: 'text' | 'json', ending: string): Promise<{ code: number | null; stdout: string }> {
  const module = pathToFileURL(`${workspace}packages/cli/src/output/${reporter}-reporter.ts`).href;
  const script = `
    const { ${reporter}Reporter } = await import(${JSON.stringify(module)});
    const reporter = ${reporter}Reporter(${reporter === 'text' ? '{ color: false }' : ''});
    reporter.invocation(${JSON.stringify({ ...report, logs: [] })});
    ${ending}
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('output at exit', () => {
  it.each([
    ['process.exit()', 'process.exit(3);', 3],
    ['an uncaught exception', 'setImmediate(() => { throw new Error("boom"); });', 1],
    ['the event loop running dry', '', 0],
  ])('reaches stdout when the process ends by %s before the batch was due', async (_how, ending, code) => {
    const text = await reportThenEnd('text', ending);
    expect(text.code).toBe(code);
    expect(text.stdout).toBe('grüße  GET /café?q=ü✓ → 200  1.3 ms  warm\n');
    const json = await reportThenEnd('json', ending);
    expect(json.code).toBe(code);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'invocation', subject: 'GET /café?q=ü✓' });
  });
});
