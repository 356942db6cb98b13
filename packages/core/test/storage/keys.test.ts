import { describe, expect, it } from 'vitest';
import { compareUtf8, keyProblem } from '@faasade/core/storage';

describe('keys', () => {
  it('accepts any well-formed key of 1 to 1024 UTF-8 bytes without control characters', () => {
    for (const key of ['a', ' ', '../x', '/abs', 'a//b', 'dir/', 'ü', '😀', 'x'.repeat(1024), 'é'.repeat(512)]) {
      expect(keyProblem(key), JSON.stringify(key)).toBeUndefined();
    }
  });

  it('names the problem with every invalid key', () => {
    for (const key of ['', 'x'.repeat(1025), 'é'.repeat(513), 'a\u0000', 'a\u001f', 'a\u007f', 'a\u009f', '\ud800', 'a\udc00b', 42]) {
      expect(keyProblem(key), JSON.stringify(key)).toMatch(/\w/);
    }
  });

  it('orders strings exactly as their UTF-8 bytes compare', () => {
    // Characters from every UTF-8 length and around the surrogate range, where UTF-16 order differs.
    const alphabet = ['a', 'Z', '/', '-', '~', '\u007e', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '😀', '\u{10ffff}', '\u{10000}'];
    let seed = 12345;
    const random = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const word = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = word();
      expect(Math.sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });
});
