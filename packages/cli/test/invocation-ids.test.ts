import { describe, expect, it } from 'vitest';
import { nextInvocationId } from '../src/runtime/invocation-ids.js';

describe('local invocation ids', () => {
  it('are UUID v4-shaped and unique, across the counter\'s 256-id blocks', () => {
    const ids = Array.from({ length: 1000 }, () => nextInvocationId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // One process, one random part; the counter counts up through the last 12 digits.
    expect(new Set(ids.map((id) => id.slice(0, 24))).size).toBe(1);
    const counts = ids.map((id) => parseInt(id.slice(24), 16));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBe(counts[i - 1]! + 1);
  });
});
