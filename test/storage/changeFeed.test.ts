import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { CHANGE_FEED_COLLECTION, CHANGE_FEED_RETENTION_SECONDS, ChangeFeed, type ChangeFeedEntry, type ChangeFeedOptions } from '../../src/storage/changeFeed';
import type { DocumentCollection, DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { eventually } from '../support/eventually';

/** Holds the next change feed insert of one store handle until released: a publisher whose commit is slow. */
class InsertGate {
  private release: (() => void) | undefined;
  private held: Promise<void> | undefined;
  private signalEntered: (() => void) | undefined;
  /** Resolves when an insert reached the gate (its sequence number is taken by then). */
  entered: Promise<void> = Promise.resolve();

  close(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
    this.entered = new Promise((resolve) => (this.signalEntered = resolve));
  }

  open(): void {
    this.release?.();
  }

  async pass(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    this.signalEntered?.();
    await held;
  }
}

/** A store handle whose change feed inserts go through `gate`, and whose reads fail (counted) while `failing.now` is set. */
function wrappedStore(inner: DocumentStore, gate: InsertGate, failing: { now: boolean; reads?: number } = { now: false }): DocumentStore {
  return {
    kind: inner.kind,
    blobs: inner.blobs,
    ping: () => inner.ping(),
    close: () => inner.close(),
    async collection<T extends StoredDocument>(name: string, indexes?: Parameters<DocumentStore['collection']>[1]): Promise<DocumentCollection<T>> {
      const collection = await inner.collection<T>(name, indexes);
      if (name !== CHANGE_FEED_COLLECTION) return collection;
      return new Proxy(collection, {
        get(target, property) {
          if (property === 'insertOne') {
            return async (document: T) => {
              await gate.pass();
              return target.insertOne(document);
            };
          }
          if (property === 'find') {
            return async (...args: Parameters<DocumentCollection<T>['find']>) => {
              if (failing.now) {
                failing.reads = (failing.reads ?? 0) + 1;
                throw new Error('store unreachable');
              }
              return target.find(...args);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}

function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } }));
  return { logger, lines };
}

/** Waits until `condition` holds, polling `feed` (if given) before each look so the test need not wait for its timer. */
function waitUntil(condition: () => boolean, what: string, feed?: ChangeFeed): Promise<void> {
  return eventually(async () => {
    if (feed) await feed.pollNow().catch(() => undefined);
    assert.ok(condition(), what);
  }, { timeoutMs: 10_000 });
}

describe('change feed shared through the embedded store by separate handles (as separate processes)', () => {
  let dataDir: string;
  const stores: DocumentStore[] = [];
  const feeds: ChangeFeed[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-feed-'));
  });

  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.stop();
    for (const store of stores.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function handle(): Promise<DocumentStore> {
    const store = await openSqliteDocumentStore({ dataDir });
    stores.push(store);
    return store;
  }

  function feedOn(store: DocumentStore, options: Partial<ChangeFeedOptions> = {}): ChangeFeed {
    const feed = new ChangeFeed({ store, logger: pino({ level: 'silent' }), pollIntervalMs: 20, ...options });
    feeds.push(feed);
    return feed;
  }

  function record(feed: ChangeFeed, topic = 'test'): ChangeFeedEntry<{ from: string; n: number }>[] {
    const received: ChangeFeedEntry<{ from: string; n: number }>[] = [];
    feed.subscribe<{ from: string; n: number }>(topic, (entry) => received.push(entry));
    return received;
  }

  it('starts at the end of the feed: nothing published before start is delivered, what comes after is', async () => {
    const a = feedOn(await handle());
    await a.publish('test', { from: 'a', n: 1 });
    await a.publish('test', { from: 'a', n: 2 });
    const b = feedOn(await handle(), { pollIntervalMs: 60_000 });
    const received = record(b);
    await b.start();
    await b.pollNow();
    assert.equal(received.length, 0);
    await a.publish('test', { from: 'a', n: 3 });
    await b.pollNow();
    assert.deepEqual(received.map((entry) => entry.payload), [{ from: 'a', n: 3 }]);
    assert.equal(received[0]?.local, false);
    assert.equal(received[0]?.publisher, a.instanceId);
  });

  it('delivers every entry of concurrent publishers exactly once, each publisher in its order, only to subscribers of the topic', async () => {
    const a = feedOn(await handle());
    const b = feedOn(await handle());
    const follower = feedOn(await handle());
    const received = record(follower);
    const other = record(follower, 'other');
    const ownSeenByA = record(a);
    await Promise.all([a.start(), b.start(), follower.start()]);

    const published: Promise<number>[] = [];
    for (let n = 0; n < 60; n += 1) {
      published.push(a.publish('test', { from: 'a', n }), b.publish('test', { from: 'b', n }));
    }
    await Promise.all(published);
    await waitUntil(() => received.length >= 120 && ownSeenByA.length >= 120, '120 entries');
    // A few more polls must not deliver anything again.
    for (let i = 0; i < 3; i += 1) await follower.pollNow();

    assert.equal(received.length, 120);
    assert.deepEqual(other, []);
    const seqs = received.map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'in sequence order');
    assert.equal(new Set(seqs).size, 120, 'each once');
    for (const from of ['a', 'b']) {
      assert.deepEqual(
        received.filter((entry) => entry.payload.from === from).map((entry) => entry.payload.n),
        Array.from({ length: 60 }, (_, n) => n),
        `${from}'s entries in the order published`,
      );
    }
    assert.deepEqual(new Set(ownSeenByA.filter((entry) => entry.local).map((entry) => entry.payload.from)), new Set(['a']), 'a publisher sees its own entries marked local');
  });

  it('waits for an entry that commits after a later one, and delivers both in sequence order', async () => {
    const gate = new InsertGate();
    const slow = feedOn(wrappedStore(await handle(), gate));
    const fast = feedOn(await handle());
    const follower = feedOn(await handle(), { pollIntervalMs: 60_000, gapWaitMs: 60_000 });
    const received = record(follower);
    await follower.start();

    gate.close();
    const late = slow.publish('test', { from: 'slow', n: 1 });
    await gate.entered;
    await fast.publish('test', { from: 'fast', n: 1 });
    for (let i = 0; i < 5; i += 1) await follower.pollNow();
    assert.equal(received.length, 0, 'the later entry waits for the missing one');

    gate.open();
    await late;
    await follower.pollNow();
    assert.deepEqual(received.map((entry) => entry.payload.from), ['slow', 'fast']);
  });

  it('skips a missing entry after the gap wait with a warning, and still delivers it if it commits later', async () => {
    const gate = new InsertGate();
    const { logger, lines } = captureLogger();
    let now = Date.now();
    const slow = feedOn(wrappedStore(await handle(), gate));
    const fast = feedOn(await handle());
    const follower = feedOn(await handle(), { logger, pollIntervalMs: 60_000, gapWaitMs: 1_000, now: () => now });
    const received = record(follower);
    await follower.start();

    gate.close();
    const late = slow.publish('test', { from: 'slow', n: 1 });
    await gate.entered;
    await fast.publish('test', { from: 'fast', n: 1 });
    await follower.pollNow();
    now += 999;
    await follower.pollNow();
    assert.equal(received.length, 0);
    now += 2;
    await follower.pollNow();
    assert.deepEqual(received.map((entry) => entry.payload.from), ['fast']);
    assert.ok(lines.some((line) => line.includes('skipped')), lines.join(''));

    gate.open();
    await late;
    await follower.pollNow();
    await follower.pollNow();
    assert.deepEqual(received.map((entry) => entry.payload.from), ['fast', 'slow'], 'delivered late, once');
  });

  it("keeps one publisher's entries in order even when its first commit outlasts the gap wait", async () => {
    const gate = new InsertGate();
    let now = Date.now();
    const publisher = feedOn(wrappedStore(await handle(), gate));
    const follower = feedOn(await handle(), { pollIntervalMs: 60_000, gapWaitMs: 1_000, now: () => now });
    const received = record(follower);
    await follower.start();

    gate.close();
    const first = publisher.publish('test', { from: 'p', n: 1 });
    await gate.entered;
    const second = publisher.publish('test', { from: 'p', n: 2 });
    // Room for the second to be stored, if it could overtake the first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await follower.pollNow();
    now += 5_000;
    await follower.pollNow();
    assert.equal(received.length, 0, 'the second waits for the first to be stored');

    gate.open();
    await Promise.all([first, second]);
    await follower.pollNow();
    assert.deepEqual(received.map((entry) => entry.payload.n), [1, 2]);
  });

  it('expires entries after the retention (TTL index)', async () => {
    const store = await handle();
    const old = feedOn(store, { now: () => Date.now() - (CHANGE_FEED_RETENTION_SECONDS + 60) * 1000 });
    const current = feedOn(store);
    await old.publish('test', { from: 'old', n: 1 });
    await current.publish('test', { from: 'current', n: 1 });
    const entries = await (await handle()).collection<StoredDocument & { topic: string; payload: string }>(CHANGE_FEED_COLLECTION);
    assert.deepEqual((await entries.find({})).map((entry) => JSON.parse(entry.payload) as unknown), [{ from: 'current', n: 1 }]);
  });

  it('keeps following through a failing store: logs once, retries, and delivers what was published meanwhile', async () => {
    const failing = { now: false, reads: 0 };
    const { logger, lines } = captureLogger();
    const follower = feedOn(wrappedStore(await handle(), new InsertGate(), failing), { logger, pollIntervalMs: 20 });
    const publisher = feedOn(await handle());
    const received = record(follower);
    await follower.start();

    failing.now = true;
    await publisher.publish('test', { from: 'p', n: 1 });
    await assert.rejects(follower.pollNow(), /store unreachable/);
    // The follower's own timer keeps trying (with backoff) while the store fails.
    await eventually(() => assert.ok(failing.reads >= 4, `${failing.reads} failed reads`));
    assert.equal(received.length, 0);
    assert.equal(lines.filter((line) => line.includes('could not read the change feed')).length, 1, 'logged once per outage');

    failing.now = false;
    await waitUntil(() => received.length === 1, 'the entry after the outage');
    assert.deepEqual(received.map((entry) => entry.payload), [{ from: 'p', n: 1 }]);
  });
});
