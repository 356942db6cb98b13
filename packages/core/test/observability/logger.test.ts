import { afterEach, describe, expect, it } from 'vitest';
import { onHttp, text, type LogLevel } from '@faasade/core';
import { createContext, createJsonLogger, headerReader, levelFromEnv, type LogFormat, type LogTrace } from '@faasade/core/adapter';

type Entry = Record<string, unknown>;

function capture(options: { format?: LogFormat; level?: LogLevel; redact?: string[]; trace?: () => LogTrace | undefined; fields?: Entry } = {}) {
  const lines: Array<{ line: string; level: LogLevel }> = [];
  const log = createJsonLogger({ level: 'debug', ...options, sink: (line, level) => void lines.push({ line, level }) });
  const entries = () => lines.map(({ line }) => {
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    return JSON.parse(line) as Entry;
  });
  return { log, lines, entries };
}

const fn = onHttp({ name: 'orders', route: '/orders' }, () => text('ok'));
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const incoming = headerReader({ traceparent: `00-${TRACE}-${SPAN}-01` });

describe('ctx.log lines on each cloud', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  function lineOn(cloud: 'aws' | 'gcp' | 'azure' | 'local'): Entry {
    const lines: string[] = [];
    const ctx = createContext({ fn, cloud, invocationId: 'inv-1', event: {}, traceHeader: incoming, logSink: (line) => void lines.push(line) });
    ctx.log.info('order placed', { orderId: 42 });
    return JSON.parse(lines[0]!) as Entry;
  }

  it('carries the portable fields everywhere: level, message, invocation, function, cloud, cold start, trace ids, caller fields', () => {
    for (const cloud of ['aws', 'gcp', 'azure', 'local'] as const) {
      expect(lineOn(cloud)).toMatchObject({
        level: 'info', message: 'order placed', invocationId: 'inv-1', function: 'orders', cloud, coldStart: expect.any(Boolean),
        traceId: TRACE, spanId: SPAN, orderId: 42,
      });
    }
  });

  it('on AWS adds what Lambda and Logs Insights read: an RFC 3339 timestamp, requestId, the X-Ray trace id', () => {
    const entry = lineOn('aws');
    expect(new Date(String(entry.timestamp)).toISOString()).toBe(entry.timestamp);
    expect(entry).toMatchObject({ requestId: 'inv-1', xrayTraceId: `1-${TRACE.slice(0, 8)}-${TRACE.slice(8)}` });
    expect(entry.time).toBeUndefined();
  });

  it('on GCP adds severity and the Cloud Trace link fields, with the project from GOOGLE_CLOUD_PROJECT', () => {
    process.env.GOOGLE_CLOUD_PROJECT = 'shop-prod';
    expect(lineOn('gcp')).toMatchObject({
      severity: 'INFO', time: expect.any(String),
      'logging.googleapis.com/trace': `projects/shop-prod/traces/${TRACE}`,
      'logging.googleapis.com/spanId': SPAN,
      'logging.googleapis.com/trace_sampled': true,
    });
    process.env.GOOGLE_CLOUD_PROJECT = 'not a project id!';
    delete process.env.GCP_PROJECT;
    expect(lineOn('gcp')['logging.googleapis.com/trace']).toBeUndefined();
  });

  it('maps each level to Cloud Logging\'s severity', () => {
    const { log, entries } = capture({ format: 'gcp' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(entries().map((e) => [e.level, e.severity])).toEqual([['debug', 'DEBUG'], ['info', 'INFO'], ['warn', 'WARNING'], ['error', 'ERROR']]);
  });

  it('gives GCP error entries a stack_trace, which Error Reporting picks up', () => {
    const { log, entries } = capture({ format: 'gcp' });
    log.error('failed', { error: new Error('kaput') });
    expect(entries()[0]!.stack_trace).toContain('Error: kaput');
  });
});

describe('levels', () => {
  it('writes nothing below the threshold and hands the level to the sink', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('reads LOG_LEVEL, else Lambda\'s AWS_LAMBDA_LOG_LEVEL, else info', () => {
    expect(levelFromEnv({ LOG_LEVEL: 'ERROR' })).toBe('error');
    expect(levelFromEnv({ LOG_LEVEL: 'warning' })).toBe('warn');
    expect(levelFromEnv({ AWS_LAMBDA_LOG_LEVEL: 'TRACE' })).toBe('debug');
    expect(levelFromEnv({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' })).toBe('error');
    expect(levelFromEnv({ LOG_LEVEL: 'loud', AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(levelFromEnv({})).toBe('info');
  });
});

describe('secrets are redacted before anything is written', () => {
  it('replaces authorization, cookie and API-key fields at any depth and in any case', () => {
    const { log, lines } = capture();
    log.info('request', {
      headers: { Authorization: 'Bearer s3cret-token', cookie: 'session=abc123', 'X-Api-Key': 'key-999', accept: 'text/html' },
      upstream: { response: { 'set-cookie': ['sid=xyz789'] }, 'Proxy-Authorization': 'Basic cHJveHk=' },
      pairs: [['authorization', 'Bearer pair-secret'], ['accept', '*/*']],
    });
    const line = lines[0]!.line;
    for (const secret of ['s3cret-token', 'abc123', 'key-999', 'xyz789', 'cHJveHk=', 'pair-secret']) expect(line).not.toContain(secret);
    const entry = JSON.parse(line) as { headers: Entry; pairs: string[][] };
    expect(entry.headers).toEqual({ Authorization: '[REDACTED]', cookie: '[REDACTED]', 'X-Api-Key': '[REDACTED]', accept: 'text/html' });
    expect(entry.pairs).toEqual([['authorization', '[REDACTED]'], ['accept', '*/*']]);
  });

  it('redacts the names configured in LOG_REDACT (or the redact option)', () => {
    const saved = process.env.LOG_REDACT;
    process.env.LOG_REDACT = 'password, Token';
    try {
      const fromEnv = capture();
      fromEnv.log.info('login', { user: 'ada', password: 'hunter2', nested: { token: 't0k3n' } });
      expect(fromEnv.lines[0]!.line).not.toMatch(/hunter2|t0k3n/);
      expect(fromEnv.entries()[0]).toMatchObject({ user: 'ada', password: '[REDACTED]', nested: { token: '[REDACTED]' } });
    } finally {
      if (saved === undefined) delete process.env.LOG_REDACT;
      else process.env.LOG_REDACT = saved;
    }
    const fromOption = capture({ redact: ['ssn'] });
    fromOption.log.info('x', { SSN: '123-45-6789' });
    expect(fromOption.entries()[0]!.SSN).toBe('[REDACTED]');
  });

  it('redacts a Headers object logged as it is, and base fields of a child logger', () => {
    const { log, lines, entries } = capture();
    log.child({ cookie: 'base-secret' }).info('h', { headers: new Headers({ authorization: 'Bearer hdr-secret', 'content-type': 'a/b' }) });
    expect(lines[0]!.line).not.toMatch(/hdr-secret|base-secret/);
    expect(entries()[0]).toMatchObject({ cookie: '[REDACTED]', headers: { authorization: '[REDACTED]', 'content-type': 'a/b' } });
  });
});

describe('errors', () => {
  it('are written with name, message, stack, code, own fields, cause and aggregated errors', () => {
    const { log, entries } = capture();
    const root = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const error = new Error('could not save', { cause: root });
    log.error('failed', { error, batch: new AggregateError([new TypeError('a'), new RangeError('b')], 'two failed') });
    const entry = entries()[0] as { error: Entry & { cause: Entry }; batch: { errors: Entry[] } };
    expect(entry.error).toMatchObject({ name: 'Error', message: 'could not save', stack: expect.stringContaining('could not save') });
    expect(entry.error.cause).toMatchObject({ message: 'disk full', code: 'ENOSPC', stack: expect.any(String) });
    expect(entry.batch.errors.map((e) => e.name)).toEqual(['TypeError', 'RangeError']);
  });
});

describe('fields that JSON cannot show are replaced, never thrown', () => {
  it('handles cycles, bigints, symbols, functions, NaN, maps, sets and binary data', () => {
    const { log, entries } = capture();
    const cycle: Entry = { name: 'loop' };
    cycle.self = cycle;
    log.info('odd values', {
      cycle, big: 10n ** 30n, sym: Symbol('s'), list: [Symbol('t'), () => 1, undefined], fn: function named() {}, nan: NaN, inf: -Infinity,
      map: new Map<unknown, unknown>([['a', 1], [2, 'b']]), set: new Set([1, 2]), bytes: new Uint8Array(5), when: new Date(0),
    });
    expect(entries()[0]).toMatchObject({
      cycle: { name: 'loop', self: '[Circular]' }, big: '1000000000000000000000000000000', list: ['Symbol(t)', '[Function anonymous]', null],
      nan: 'NaN', inf: '-Infinity', map: { a: 1, 2: 'b' }, set: [1, 2], bytes: '[Uint8Array: 5 bytes]', when: '1970-01-01T00:00:00.000Z',
    });
    expect(entries()[0]).not.toHaveProperty('sym');
    expect(entries()[0]).not.toHaveProperty('fn');
  });

  it('handles throwing getters, throwing toJSON and revoked proxies', () => {
    const { log, entries } = capture();
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    log.info('hostile', {
      getter: { get boom() { throw new Error('getter exploded'); }, fine: 1 },
      json: { toJSON() { throw new Error('toJSON exploded'); } },
      proxy: revocable.proxy,
    });
    const entry = entries()[0] as { getter: Entry; json: string; proxy: string };
    expect(entry.getter).toEqual({ boom: expect.stringContaining('getter exploded'), fine: 1 });
    expect(entry.json).toContain('toJSON exploded');
    expect(entry.proxy).toMatch(/^\[Unserializable/);
  });

  it('bounds huge and deep values, and the whole line', () => {
    const { log, lines, entries } = capture();
    let deep: Entry = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { deep };
    log.info('big', {
      text: 'x'.repeat(100_000),
      items: Array.from({ length: 10_000 }, (_, i) => i),
      wide: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])),
      deep,
    });
    for (let i = 0; i < 20; i++) log.info('many', Object.fromEntries(Array.from({ length: 50 }, (_, k) => [`f${k}`, 'y'.repeat(4000)])));
    log.info('nested', { list: Array.from({ length: 100 }, () => 'z'.repeat(8000)), map: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`k${k}`, 'w'.repeat(8000)])) });
    const [first] = entries() as Array<{ text: string; items: unknown[]; wide: Entry }>;
    expect(first!.text.length).toBeLessThan(9000);
    expect(first!.text).toMatch(/more characters\]$/);
    expect(first!.items).toHaveLength(101);
    expect(Object.keys(first!.wide)).toHaveLength(101);
    expect(JSON.stringify(first)).toContain('too deep');
    for (const { line } of lines) expect(line.length).toBeLessThan(50_000);
    expect(entries()[1]).toHaveProperty('truncated');
  });

  it('keeps the line\'s own keys: a caller field named like one is written as _key', () => {
    const { log, entries } = capture({ fields: { function: 'f', coldStart: true } });
    log.warn('real message', { message: 'fake', level: 'debug', time: 0, coldStart: false });
    expect(entries()[0]).toMatchObject({ message: 'real message', level: 'warn', _message: 'fake', _level: 'debug', _time: 0, coldStart: false, function: 'f' });
  });

  it('never throws out of the logger, even when the sink does', () => {
    const log = createJsonLogger({ sink: () => { throw new Error('EPIPE'); } });
    expect(() => log.error('still fine', { error: new Error('x') })).not.toThrow();
    const { log: odd, entries } = capture();
    expect(() => odd.info({ toString() { throw new Error('no'); } } as unknown as string)).not.toThrow();
    expect(entries()[0]!.message).toBe('log entry could not be serialised');
  });
});
