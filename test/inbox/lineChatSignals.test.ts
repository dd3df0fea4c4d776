import assert from 'node:assert/strict';
import type { LineChatSignals } from '../../adapters/line/lineChatSignals';
import { MemoryLineChatSignals } from '../../adapters/line/memoryLineChatSignals';
import type { DocumentStore } from '../../src/storage/engine/documentStore';
import { LineChatSignalRepository } from '../../src/inbox/lineChatSignalRepository';
import { describeEachBackend } from '../storage/engine/storageBackends';

const CONVERSATION = 'default:user:U0000000000000000000000000000c0de';
const T0 = 1_800_000_000_000;

/** The contract every {@link LineChatSignals} keeps; `open` gives two handles on the same signals (two instances). */
function chatSignalsContract(open: () => Promise<[LineChatSignals, LineChatSignals]>): void {
  let a: LineChatSignals;
  let b: LineChatSignals;
  beforeEach(async () => {
    [a, b] = await open();
  });

  it('hands out the newest unexpired reply token first, each once, and never an expired one', async () => {
    await a.keepReplyToken(CONVERSATION, { token: 'old', expiresAt: T0 + 10_000 });
    await a.keepReplyToken(CONVERSATION, { token: 'stale', expiresAt: T0 - 1 });
    await b.keepReplyToken(CONVERSATION, { token: 'new', expiresAt: T0 + 30_000 });
    await a.keepReplyToken('other:user:U1', { token: 'elsewhere', expiresAt: T0 + 60_000 });
    assert.deepEqual(await b.takeReplyToken(CONVERSATION, T0), { token: 'new', expiresAt: T0 + 30_000 });
    assert.deepEqual(await a.takeReplyToken(CONVERSATION, T0), { token: 'old', expiresAt: T0 + 10_000 });
    assert.equal(await a.takeReplyToken(CONVERSATION, T0), undefined, 'the expired token is never handed out');
  });

  it('gives each token to exactly one of many concurrent takers', async () => {
    for (const n of [1, 2, 3]) await a.keepReplyToken(CONVERSATION, { token: `t${n}`, expiresAt: T0 + n * 1000 });
    const taken = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? a : b).takeReplyToken(CONVERSATION, T0)));
    const tokens = taken.flatMap((token) => (token ? [token.token] : []));
    assert.deepEqual([...tokens].sort(), ['t1', 't2', 't3']);
  });

  it('keeps only the newest read token and hands it out once', async () => {
    await a.keepReadToken(CONVERSATION, 'read-1');
    await b.keepReadToken(CONVERSATION, 'read-2');
    assert.equal(await a.takeReadToken(CONVERSATION), 'read-2');
    assert.equal(await b.takeReadToken(CONVERSATION), undefined);
    await b.keepReadToken(CONVERSATION, 'read-3');
    assert.equal(await b.takeReadToken(CONVERSATION), 'read-3');
  });

  it('lets one instance start the loading animation until it is about to end or a message ended it', async () => {
    assert.equal(await a.claimLoading(CONVERSATION, T0 + 5_000, T0 + 20_000), true);
    assert.equal(await b.claimLoading(CONVERSATION, T0 + 6_000, T0 + 21_000), false, 'still running well past the refresh point');
    assert.equal(await b.claimLoading(CONVERSATION, T0 + 20_000, T0 + 35_000), true, 'about to end: refreshed');
    await a.endLoading(CONVERSATION);
    assert.equal(await a.claimLoading(CONVERSATION, T0 + 6_000, T0 + 21_000), true, 'a message ended it');
    const claims = await Promise.all([a.claimLoading('x:user:U2', T0, T0 + 20_000), b.claimLoading('x:user:U2', T0, T0 + 20_000)]);
    assert.equal(claims.filter(Boolean).length, 1, 'two instances at once: one starts it');
  });

  it('keeps the loading claim apart from the read token of the same chat', async () => {
    await a.keepReadToken(CONVERSATION, 'read-9');
    assert.equal(await a.claimLoading(CONVERSATION, T0, T0 + 20_000), true);
    assert.equal(await b.takeReadToken(CONVERSATION), 'read-9');
    assert.equal(await b.claimLoading(CONVERSATION, T0 + 1_000, T0 + 21_000), false);
  });
}

describe('MemoryLineChatSignals', () => {
  chatSignalsContract(async () => {
    const signals = new MemoryLineChatSignals();
    return [signals, signals];
  });
});

describeEachBackend('LineChatSignalRepository', (backend) => {
  let store: DocumentStore;
  afterEach(async () => store.close());
  chatSignalsContract(async () => {
    store = await backend.open();
    return [await LineChatSignalRepository.open(store), await LineChatSignalRepository.open(store)];
  });
});
