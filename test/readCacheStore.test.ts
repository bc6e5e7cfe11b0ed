// The read cache's own rules, on a clock the test moves: fresh answers are kept for the window, stale ones served
// once more while one refresh runs, one load per key for all who wait, failures never kept, an invalidation drops
// a backend's answers and what was loading, and the bytes held stay within the budget, least recently used first.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ReadCache } from '../src/cache/readCache.js';

/** A clock the test moves, and a load that counts its calls and answers what it is told. */
function setup(maxBytes = 1_000_000) {
  let time = 1_000;
  const cache = new ReadCache(maxBytes, () => time);
  const shelf = cache.shelf('test', z.string());
  const calls: string[][] = [];
  let answer = 'v1';
  const load = async (keys: string[]) => {
    calls.push(keys);
    return new Map(keys.map((key) => [key, `${key}:${answer}`]));
  };
  return {
    cache,
    shelf,
    calls,
    load,
    advance: (ms: number) => void (time += ms),
    answer: (value: string) => void (answer = value),
    read: async (keys: string[], freshMs = 100) => {
      const answers = await shelf.readMany('b', keys, freshMs, load);
      return keys.map((key) => {
        const got = answers.get(key);
        return got && 'value' in got ? got.value : 'error';
      });
    },
  };
}

describe('the read cache', () => {
  it('keeps an answer for the window, serves it once stale while one refresh runs, then the refreshed one', async () => {
    const t = setup();
    expect(await t.read(['a'])).toEqual(['a:v1']);
    t.answer('v2');
    t.advance(100);
    expect(await t.read(['a'])).toEqual(['a:v1']);
    expect(t.calls).toHaveLength(1);
    t.advance(50);
    // Stale: answered at once with what is held, refreshed in the background.
    expect(await t.read(['a'])).toEqual(['a:v1']);
    expect(t.calls).toHaveLength(2);
    expect(await t.read(['a'])).toEqual(['a:v2']);
    // Past twice the window, nothing stale is served: the reader waits for the backend.
    t.answer('v3');
    t.advance(250);
    expect(await t.read(['a'])).toEqual(['a:v3']);
  });

  it('loads only the keys it does not hold, in one call, and joins loads under way', async () => {
    const t = setup();
    await t.read(['a', 'b']);
    const [first, second] = await Promise.all([t.read(['a', 'c', 'd']), t.read(['c', 'd', 'b'])]);
    expect(first).toEqual(['a:v1', 'c:v1', 'd:v1']);
    expect(second).toEqual(['c:v1', 'd:v1', 'b:v1']);
    expect(t.calls).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('never keeps a failure: the next reader asks the backend again', async () => {
    const t = setup();
    const failing = async () => Promise.reject(new Error('backend down'));
    const failed = await t.shelf.readMany('b', ['a'], 100, failing);
    expect(failed.get('a')).toEqual({ error: new Error('backend down') });
    expect(await t.read(['a'])).toEqual(['a:v1']);
    expect(t.calls).toHaveLength(1);
  });

  it('forgets a backend on invalidation, and does not keep what was loading when it came', async () => {
    const t = setup();
    await t.read(['a']);
    let release: (value: Map<string, string>) => void = () => undefined;
    const slow = t.shelf.readMany('b', ['x'], 100, () => new Promise((resolve) => (release = resolve)));
    t.cache.invalidate('b');
    release(new Map([['x', 'x:before']]));
    // Its reader gets what it loaded; the cache keeps nothing loaded before the change.
    expect((await slow).get('x')).toMatchObject({ value: 'x:before' });
    t.answer('v2');
    expect(await t.read(['a', 'x'])).toEqual(['a:v2', 'x:v2']);
  });

  it('holds at most its budget in bytes, letting the least recently used answers go first', async () => {
    const t = setup(1_000);
    await t.read(['a', 'b', 'c']);
    await t.read(['a']);
    const before = t.cache.size;
    expect(before).toBeLessThanOrEqual(1_000);
    // Each answer is about 80 bytes held: eleven more push out the two oldest, b and c, while a (just read) stays.
    await t.read(Array.from({ length: 11 }, (_, i) => `k${i}`));
    expect(t.cache.size).toBeLessThanOrEqual(1_000);
    t.calls.length = 0;
    await t.read(['a', 'b']);
    expect(t.calls.flat()).toContain('b');
    expect(t.calls.flat()).not.toContain('a');
    expect(t.cache.size).toBeLessThanOrEqual(1_000);
  });

  it('with a window of 0 keeps nothing and joins nothing: every read is the backend’s', async () => {
    const t = setup();
    await Promise.all([t.read(['a'], 0), t.read(['a'], 0)]);
    expect(t.calls).toHaveLength(2);
    expect(t.cache.size).toBe(0);
  });
});
