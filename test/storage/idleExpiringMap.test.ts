import assert from 'node:assert/strict';
import { IdleExpiringMap } from '../../src/storage/idleExpiringMap';

describe('IdleExpiringMap', () => {
  it('drops the least recently used entry past the maximum', () => {
    const map = new IdleExpiringMap<string, number>({ idleMs: 1_000, max: 2, now: () => 0 });
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1);
    map.set('c', 3);
    assert.equal(map.size, 2);
    assert.equal(map.get('b'), undefined);
    assert.equal(map.get('a'), 1);
    assert.equal(map.get('c'), 3);
  });

  it('forgets entries idle for the idle time at a sweep, and keeps those used meanwhile', () => {
    let now = 0;
    const map = new IdleExpiringMap<string, number>({ idleMs: 1_000, max: 10, now: () => now });
    map.set('a', 1);
    map.set('b', 2);
    now = 600;
    map.get('a');
    now = 1_200;
    assert.equal(map.sweep(), 1);
    assert.equal(map.get('b'), undefined);
    assert.equal(map.get('a'), 1);
    now = 5_000;
    assert.equal(map.sweep(), 1);
    assert.equal(map.size, 0);
  });
});
