import { describe, expect, it } from 'vitest';
import { EventDecodeError } from '@faasade/core';
import { decodeS3Key } from '../../src/index.js';

// How S3 writes keys into event notifications, and how they are read back.
describe('decodeS3Key', () => {
  it.each([
    ['red+flower.jpg', 'red flower.jpg'], // the documented example
    ['a%2Bb.jpg', 'a+b.jpg'], // a real plus, not a space
    ['a%2B+b', 'a+ b'],
    ['test%2Fkey', 'test/key'], // the Lambda console's S3 Put sample escapes slashes
    ['uploads/%C3%A9t%C3%A9/%F0%9F%8E%89', 'uploads/été/🎉'],
    ['100%25', '100%'],
    ['%2525', '%25'], // decoded once: a key that itself contains %25
    ['plain/key.jpg', 'plain/key.jpg'],
  ])('%s → %s', (encoded, key) => {
    expect(decodeS3Key(encoded, 'key')).toBe(key);
  });

  it.each(['%', 'a%2', '%G1', '%C3', '%FF%FE'])('refuses %s with MalformedEvent at the given path', (encoded) => {
    let caught: unknown;
    try {
      decodeS3Key(encoded, 'Records[0].s3.object.key');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventDecodeError);
    expect(caught).toMatchObject({ code: 'MalformedEvent', path: 'Records[0].s3.object.key' });
  });
});
