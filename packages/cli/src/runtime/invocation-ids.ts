import { randomBytes } from 'node:crypto';

// 20 random hex digits for this process, with the version (4) and variant (8–b) digits
// of a UUID v4 in place; each id adds a 12-digit counter.
const random = randomBytes(10).toString('hex');
const prefix = `${random.slice(0, 8)}-${random.slice(8, 12)}-4${random.slice(13, 16)}-${'89ab'[parseInt(random[16]!, 16) & 3]}${random.slice(17, 20)}-`;
/** The counter's last two hex digits, made once: an id is then one concatenation. */
const LOW_DIGITS = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));
let counter = 0;
/** The prefix and the counter's first ten digits, renewed every 256 ids. */
let block = '';

/**
 * A new invocation id for a local invocation: UUID-shaped like the clouds' request ids,
 * unique within the process and, by its random prefix, across runs. Cheaper than
 * `crypto.randomUUID()`, which refills an entropy pool every 128 ids: about 0.4 µs a
 * request under load, a noticeable share of what `faasade dev` adds to a small one.
 */
export function nextInvocationId(): string {
  const low = ++counter & 0xff;
  if (low === 0 || block === '') block = prefix + Math.floor(counter / 256).toString(16).padStart(10, '0');
  return block + LOW_DIGITS[low]!;
}
