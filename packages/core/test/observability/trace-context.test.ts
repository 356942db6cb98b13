import { afterEach, describe, expect, it } from 'vitest';
import { onHttp, text } from '@faasade/core';
import {
  createContext, formatTraceparent, headerReader, parseCloudTraceContext, parseTraceparent, parseXRayHeader, type ContextInit,
} from '@faasade/core/adapter';

const fn = onHttp({ name: 'traced', route: '/t' }, () => text('ok'));
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('W3C traceparent', () => {
  it('reads valid headers, including a later version with extra fields', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`, 'vendor=abc')).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false, traceState: 'vendor=abc' });
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-01-future`)?.traceId).toBe(TRACE);
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: true })).toBe(`00-${TRACE}-${SPAN}-01`);
  });

  it.each([
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['an all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['extra fields on version 00', `00-${TRACE}-${SPAN}-01-extra`],
    ['a short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['garbage', 'hello'],
    ['a number', 42],
    ['a huge string', `00-${TRACE}-${SPAN}-01`.padEnd(10_000, 'x')],
  ])('refuses %s without throwing', (_case, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('the clouds\' own trace headers', () => {
  it('reads X-Ray headers in any field order, Parent as the span id', () => {
    expect(parseXRayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'))
      .toEqual({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true });
    expect(parseXRayHeader('Sampled=0;Lineage=a:1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793'))
      .toEqual({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: false });
  });

  it.each(['Root=1-5759e988-bd862e3fe1be46a994272793', 'Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8', 'Parent=53995c3f42cd8ad8', ';;==;', ''])(
    'refuses the X-Ray header %j (no parent, wrong version, no root)', (value) => {
      expect(parseXRayHeader(value)).toBeUndefined();
    },
  );

  it('reads X-Cloud-Trace-Context, turning the decimal span id into hex', () => {
    expect(parseCloudTraceContext(`${TRACE}/1;o=1`)).toEqual({ traceId: TRACE, spanId: '0000000000000001', sampled: true });
    expect(parseCloudTraceContext(`${TRACE}/18446744073709551615`)).toEqual({ traceId: TRACE, spanId: 'ffffffffffffffff', sampled: false });
    expect(parseCloudTraceContext(`${TRACE}/18446744073709551616;o=1`)).toBeUndefined();
    expect(parseCloudTraceContext(`${TRACE}/0;o=1`)).toBeUndefined();
    expect(parseCloudTraceContext(TRACE)).toBeUndefined();
  });
});

describe('ctx.trace: the caller\'s position, from the first source that has one', () => {
  const saved = process.env._X_AMZN_TRACE_ID;
  afterEach(() => {
    if (saved === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = saved;
  });
  const traceOf = (init: Partial<ContextInit>) => createContext({ fn, cloud: 'local', event: {}, logSink: () => {}, ...init }).trace;
  const headers = (record: Record<string, string | string[]>) => headerReader(record);

  it('prefers a trace context the platform hands over, then traceparent, X-Cloud-Trace-Context, X-Amzn-Trace-Id', () => {
    const all = {
      traceparent: `00-${TRACE}-${SPAN}-01`,
      'x-cloud-trace-context': '11111111111111111111111111111111/2;o=1',
      'x-amzn-trace-id': 'Root=1-22222222-222222222222222222222222;Parent=3333333333333333;Sampled=1',
    };
    expect(traceOf({ traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, traceHeader: headers(all) })?.traceId).toBe('a'.repeat(32));
    expect(traceOf({ traceHeader: headers(all) })).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    const { traceparent: _w3c, ...google } = all;
    expect(traceOf({ traceHeader: headers(google) })?.traceId).toBe('1'.repeat(32));
    expect(traceOf({ traceHeader: headers({ 'X-Amzn-Trace-Id': all['x-amzn-trace-id'] }) })?.spanId).toBe('3'.repeat(16));
  });

  it('skips malformed sources and falls through to the next', () => {
    const trace = traceOf({ traceparent: 'nonsense', traceHeader: headers({ traceparent: 'ff-bad', 'X-Cloud-Trace-Context': `${TRACE}/7` }) });
    expect(trace).toEqual({ traceId: TRACE, spanId: '0000000000000007', sampled: false });
  });

  it('survives a header reader that throws', () => {
    expect(traceOf({ traceHeader: () => { throw new Error('boom'); } })).toBeUndefined();
  });

  it('reads Lambda\'s _X_AMZN_TRACE_ID on AWS only', () => {
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    expect(traceOf({ cloud: 'aws' })?.traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(traceOf({ cloud: 'gcp' })).toBeUndefined();
  });

  it('is undefined when nothing came in', () => {
    expect(traceOf({})).toBeUndefined();
  });
});

describe('headerReader', () => {
  it('finds a header in any case and takes the first of a list', () => {
    const read = headerReader({ TraceParent: ['first', 'second'], host: 'x' });
    expect(read('traceparent')).toBe('first');
    expect(read('host')).toBe('x');
    expect(read('missing')).toBeUndefined();
    expect(headerReader(undefined)('traceparent')).toBeUndefined();
  });
});

describe('ctx.traceHeaders without an SDK', () => {
  it('passes the caller\'s position on unchanged, so a chain of functions stays one trace', () => {
    const ctx = createContext({ fn, cloud: 'local', event: {}, traceHeader: headerReader({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'a=1' }) });
    expect(ctx.traceHeaders()).toEqual({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'a=1' });
    expect(createContext({ fn, cloud: 'local', event: {} }).traceHeaders()).toEqual({});
  });
});

describe('with no SDK registered, the trace costs nothing until it is needed', () => {
  it('reads no header for an invocation that writes no log line, and reads them for the first line', async () => {
    const { createLightRequest, invokeHttp } = await import('@faasade/core/adapter');
    const reads: string[] = [];
    const traceHeader = (name: string) => {
      reads.push(name);
      return name === 'traceparent' ? `00-${TRACE}-${SPAN}-01` : undefined;
    };
    let logs = false;
    const quiet = onHttp({ name: 'quiet', route: '/q' }, (_request, ctx) => {
      if (logs) ctx.log.info('now the trace is needed');
      return text('ok');
    });
    const request = () => createLightRequest({ method: 'GET', url: () => 'https://x.example/q', headers: () => { throw new Error('headers built'); }, body: null });
    const lines: string[] = [];
    await invokeHttp(quiet, request(), createContext({ fn: quiet, cloud: 'local', event: {}, traceHeader, logSink: (line) => void lines.push(line) }));
    expect(reads).toEqual([]);
    logs = true;
    await invokeHttp(quiet, request(), createContext({ fn: quiet, cloud: 'local', event: {}, traceHeader, logSink: (line) => void lines.push(line) }));
    expect(reads).toContain('traceparent');
    expect(JSON.parse(lines[0]!)).toMatchObject({ traceId: TRACE, spanId: SPAN });
  });
});
