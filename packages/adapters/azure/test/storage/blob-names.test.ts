import { describe, expect, it } from 'vitest';
import { fromBlobName, toBlobName, toListPrefix } from '../../src/storage/blob-names.js';

// Every string up to length 4 over the characters the mapping treats specially, plus
// ordinary ones and the letters of escape sequences: 8^1 + … + 8^4 = 4680 keys.
const ALPHABET = ['a', '.', '/', '%', '\\', '2', 'E', '\uFFFF'];
function* allKeys(maxLength: number): Generator<string> {
  let level = [''];
  for (let length = 1; length <= maxLength; length++) {
    level = level.flatMap((head) => ALPHABET.map((c) => head + c));
    yield* level;
  }
}
const KEYS = [...allKeys(4)];

describe('blob names', () => {
  it('stores ordinary keys unchanged, so other tools see the names the application chose', () => {
    for (const key of ['photos/2024/cat 1.jpg', 'a+b=c&d?e#f', '/leading', 'double//slash', 'trailing/', '.hidden/x', 'ü/漢字/😀']) {
      expect(toBlobName(key)).toBe(key);
    }
  });

  it('escapes dot segments, segment-final dots, backslashes, percent signs and U+FFFE/U+FFFF', () => {
    expect(toBlobName('a/../b')).toBe('a/.%2E/b');
    expect(toBlobName('.')).toBe('%2E');
    expect(toBlobName('end.')).toBe('end%2E');
    expect(toBlobName('dir./x')).toBe('dir%2E/x');
    expect(toBlobName('back\\slash')).toBe('back%5Cslash');
    expect(toBlobName('100%')).toBe('100%25');
    expect(toBlobName('x\uFFFFy')).toBe('x%EF%BF%BFy');
  });

  it('maps every key back to itself, and distinct keys to distinct names', () => {
    const names = new Set<string>();
    for (const key of KEYS) {
      const name = toBlobName(key);
      expect(fromBlobName(name), JSON.stringify(key)).toBe(key);
      names.add(name);
    }
    expect(names.size).toBe(KEYS.length);
  });

  it('never produces a name Azure would alter: no segment ending in a dot, no backslash, no U+FFFF', () => {
    for (const key of KEYS) {
      const name = toBlobName(key);
      expect(name.split('/').some((segment) => segment.endsWith('.')), JSON.stringify(key)).toBe(false);
      expect(/[\\\uFFFE\uFFFF]/.test(name), JSON.stringify(key)).toBe(false);
    }
  });

  it('reads names other tools wrote as they are, apart from escape sequences', () => {
    expect(fromBlobName('50%off/%zz/%2')).toBe('50%off/%zz/%2');
    expect(fromBlobName('a%2Eb')).toBe('a.b');
  });

  it('lists by prefix exactly: Azure prefix plus filter select the keys that start with the portable prefix', () => {
    const stored = KEYS.map((key) => ({ key, name: toBlobName(key) }));
    const wrong: string[] = [];
    for (const prefix of ['', ...allKeys(3)]) {
      const { blobPrefix, mustStartWith } = toListPrefix(prefix);
      for (const { key, name } of stored) {
        const selected = name.startsWith(blobPrefix) && (mustStartWith === undefined || key.startsWith(mustStartWith));
        if (selected !== key.startsWith(prefix)) wrong.push(`prefix ${JSON.stringify(prefix)}, key ${JSON.stringify(key)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
