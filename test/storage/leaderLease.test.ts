import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { openDocumentStore } from '../../src/storage/engine/openDocumentStore';
import { LeaderLease } from '../../src/storage/leaderLease';
import { startLeaderSweep } from '../../src/handoff/leaderSweep';
import { createLogger } from '../../src/logger';

describe('LeaderLease on two handles of one embedded store', () => {
  let dataDir: string;
  let first: DocumentStore;
  let second: DocumentStore;
  // One clock both holders read, moved by the tests.
  let now = 1_000_000;
  const clock = (): number => now;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'leader-lease-'));
    first = await openDocumentStore({ dataDir });
    second = await openDocumentStore({ dataDir });
    now = 1_000_000;
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const leases = async (name = 'sweep'): Promise<[LeaderLease, LeaderLease]> => [
    await LeaderLease.open(first, { name, ttlMs: 10_000, owner: 'a', now: clock }),
    await LeaderLease.open(second, { name, ttlMs: 10_000, owner: 'b', now: clock }),
  ];

  it('lets only one holder lead, and keeps it with the one that renews', async () => {
    const [a, b] = await leases();
    const [gotA, gotB] = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    assert.equal([gotA, gotB].filter(Boolean).length, 1, `exactly one leads (a: ${gotA}, b: ${gotB})`);
    const [leader, other] = gotA ? [a, b] : [b, a];
    for (let round = 0; round < 5; round += 1) {
      now += 5_000;
      assert.equal(await leader.tryAcquire(), true, 'the holder renews');
      assert.equal(await other.tryAcquire(), false, 'the other keeps waiting while the lease is renewed');
      assert.equal(leader.isHeld(), true);
      assert.equal(other.isHeld(), false);
    }
  });

  it('lets another holder take over once the lease has expired', async () => {
    const [a, b] = await leases();
    assert.equal(await a.tryAcquire(), true);
    now += 9_999;
    assert.equal(await b.tryAcquire(), false, 'not before the expiry');
    now += 1;
    assert.equal(a.isHeld(), false, 'the old holder knows its lease ran out');
    assert.equal(await b.tryAcquire(), true, 'taken over at the expiry');
    assert.equal(await a.tryAcquire(), false, 'the old holder does not get it back while the new one holds it');
  });

  it('frees the lease at release, for the other holder to take at once', async () => {
    const [a, b] = await leases();
    assert.equal(await a.tryAcquire(), true);
    await b.release();
    assert.equal(await b.tryAcquire(), false, "a holder's release does not free another holder's lease");
    await a.release();
    assert.equal(a.isHeld(), false);
    assert.equal(await b.tryAcquire(), true);
  });

  it('keeps leases of different names apart', async () => {
    const [a] = await leases('sweep');
    const [, b] = await leases('other');
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await b.tryAcquire(), true);
  });

  it('runs the sweep on the lease holder only, and on the other instance once the first stops', async () => {
    const sweeps = { a: 0, b: 0 };
    const logger = createLogger('silent');
    const [a, b] = await leases();
    const sweeperA = startLeaderSweep({ lease: a, sweep: async () => void (sweeps.a += 1), intervalMs: 60_000, logger });
    const sweeperB = startLeaderSweep({ lease: b, sweep: async () => void (sweeps.b += 1), intervalMs: 60_000, logger });
    try {
      await sweeperA.tick();
      for (let round = 0; round < 3; round += 1) await Promise.all([sweeperA.tick(), sweeperB.tick()]);
      assert.deepEqual(sweeps, { a: 4, b: 0 });
      await sweeperA.stop();
      await sweeperB.tick();
      assert.deepEqual(sweeps, { a: 4, b: 1 }, 'released at stop: the other instance sweeps at its next round');
    } finally {
      await sweeperA.stop();
      await sweeperB.stop();
    }
  });
});
