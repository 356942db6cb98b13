import { describe as suite, expect, it } from 'vitest';
import { EventDecodeError } from '../src/index.js';
import { isJsonObject, objectAt, optionalCount, optionalString, requiredString, requiredTime } from '../src/events/payload-fields.js';

// The readers every adapter's event decoders share: what a user sees in the log line of
// a refused event is the code and the path of the member that was not understood.
function refusal(read: () => unknown): { code: string; path: string | undefined } {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(EventDecodeError);
    const { code, path } = error as EventDecodeError;
    return { code, path };
  }
  throw new Error('expected a refusal');
}

suite('payload field readers', () => {
  const record = { key: 'uploads/a.jpg', size: 12, eventTime: '2026-11-27T03:16:46.476Z', nested: { n: 1 } };

  it('read members that are there', () => {
    expect(requiredString(record, 'key', 'Records[0].s3.object')).toBe('uploads/a.jpg');
    expect(optionalCount(record, 'size', 'Records[0].s3.object')).toBe(12);
    expect(optionalString(record, 'missing', 'Records[0]')).toBeUndefined();
    expect(requiredTime(record, 'eventTime', '')).toBe(record.eventTime);
    expect(objectAt(record.nested, 'nested')).toEqual({ n: 1 });
  });

  it('name the member path of a refusal, relative to the owner (root members have no dot)', () => {
    expect(refusal(() => requiredString({}, 'key', 'Records[0].s3.object'))).toEqual({ code: 'MalformedEvent', path: 'Records[0].s3.object.key' });
    expect(refusal(() => requiredString({ id: 7 }, 'id', ''))).toEqual({ code: 'MalformedEvent', path: 'id' });
    expect(refusal(() => optionalCount({ size: -1 }, 'size', 'data'))).toEqual({ code: 'MalformedEvent', path: 'data.size' });
    expect(refusal(() => optionalCount({ size: 1.5 }, 'size', 'data'))).toEqual({ code: 'MalformedEvent', path: 'data.size' });
    expect(refusal(() => optionalString({ contentType: 3 }, 'contentType', 'data'))).toEqual({ code: 'MalformedEvent', path: 'data.contentType' });
    expect(refusal(() => objectAt([], 'Records[0].s3'))).toEqual({ code: 'MalformedEvent', path: 'Records[0].s3' });
  });

  it('accept the RFC 3339 times each cloud writes and refuse others', () => {
    for (const time of ['2026-11-27T03:16:46Z', '2026-11-27T03:16:46.476Z', '2026-11-27T03:16:46.1234567Z', '2026-11-27t03:16:46+01:00']) {
      expect(requiredTime({ time }, 'time', '')).toBe(time);
    }
    for (const time of ['yesterday', '2026-11-27', '2026-13-45T99:99:99Z']) {
      expect(refusal(() => requiredTime({ time }, 'time', 'data'))).toEqual({ code: 'MalformedEvent', path: 'data.time' });
    }
  });

  it('take neither arrays, bytes nor null for objects', () => {
    expect([{}, [], new Uint8Array(1), null, 'x'].map(isJsonObject)).toEqual([true, false, false, false, false]);
  });

  it('describe a wrong value by its kind, never by its content', () => {
    const error = (() => {
      try {
        requiredString({ key: { secret: 'hunter2' } }, 'key', '');
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toContain('an object');
    expect(error?.message).not.toContain('hunter2');
  });
});
