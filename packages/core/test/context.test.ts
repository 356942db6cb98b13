/**
 * `createContext` as adapters call it: an init's `log` and `logSink` are read when the
 * context's logger is first used, so an adapter can make them on demand (the local dev
 * server's sink is made only for a function that logs).
 */
import { describe, expect, it } from 'vitest';
import { onHttp, json, type LogLevel, type Logger } from '@faasade/core';
import { createContext, type ContextInit, type LogSink } from '@faasade/core/adapter';

const fn = onHttp({ name: 'ctx-init', route: '/ctx-init' }, async () => json({}));

/** An init whose `log` and `logSink` are getters that count their reads. */
function countingInit(logger?: Logger) {
  const lines: Array<{ line: string; level: LogLevel }> = [];
  const reads = { log: 0, logSink: 0 };
  const init: ContextInit = {
    fn,
    cloud: 'local',
    event: {},
    get log() {
      reads.log++;
      return logger;
    },
    get logSink(): LogSink {
      reads.logSink++;
      return (line, level) => void lines.push({ line, level });
    },
  };
  return { init, lines, reads };
}

describe('createContext', () => {
  it('reads neither log nor logSink until the logger is used, then each once', () => {
    const { init, lines, reads } = countingInit();
    const ctx = createContext(init);
    expect(reads).toEqual({ log: 0, logSink: 0 });
    ctx.log.info('first', { n: 1 });
    ctx.log.warn('second');
    expect(reads).toEqual({ log: 1, logSink: 1 });
    expect(lines.map(({ line, level }) => [level, JSON.parse(line).message, JSON.parse(line).invocationId])).toEqual([
      ['info', 'first', ctx.invocationId],
      ['warn', 'second', ctx.invocationId],
    ]);
    ctx.dispose();
  });

  it('uses a given logger as it is and never reads the sink', () => {
    const seen: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: (message) => void seen.push(message),
      warn: () => undefined,
      error: () => undefined,
      child: () => logger,
    };
    const { init, reads } = countingInit(logger);
    const ctx = createContext(init);
    ctx.log.info('through the platform');
    ctx.log.info('again');
    expect(seen).toEqual(['through the platform', 'again']);
    expect(reads).toEqual({ log: 1, logSink: 0 });
    ctx.dispose();
  });

  it('shows the raw platform objects as ctx.platform, one object however often it is read', () => {
    const event = { rawHeaders: [] };
    const platformContext = { id: 'the platform context' };
    const ctx = createContext({ fn, cloud: 'local', event, platformContext });
    expect(ctx.platform).toEqual({ cloud: 'local', event, context: platformContext });
    expect(ctx.platform.event).toBe(event);
    expect(ctx.platform).toBe(ctx.platform);
  });
});
