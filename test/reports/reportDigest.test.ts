import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { HandoffConversationRepository } from '../../src/handoff/handoffConversationRepository';
import type { HandoffCycleFact } from '../../src/reports/handoffCycleFact';
import { HANDOFF_CYCLES_COLLECTION, HandoffCycleRepository } from '../../src/reports/handoffCycleRepository';
import { periodReport } from '../../src/reports/periodReport';
import { reportCycleOf } from '../../src/reports/reportCycle';
import type { ReportFigures, ReportGrouping } from '../../src/reports/reportFigures';
import { REPORT_DIGESTS_COLLECTION } from '../../src/reports/reportDigestRepository';
import { instantIn } from '../../src/reports/reportQuery';
import type { DocumentStore, StoredDocument } from '../../src/storage/engine/documentStore';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { expectedRow, expectedRows, localDayAndHour, type LedgerCycle } from '../support/reportLedger';
import { seededRandom } from '../support/seededRandom';

const QUIET = pino({ level: 'silent' });
const GROUPINGS: readonly ReportGrouping[] = ['queue', 'agent', 'lineAccount', 'language', 'day', 'hour'];
/** Quarter-hour and half-hour offsets, daylight-saving changes in March/April 2026 (New York, London, Lord Howe's half hour). */
const ZONES = ['UTC', 'Asia/Kathmandu', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);


/** A random history over 40 days: times to the millisecond, every optional field sometimes missing. */
function randomFacts(count: number, seed: number): HandoffCycleFact[] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  return Array.from({ length: count }, (_, n) => {
    const requestedAt = new Date(T0 + Math.floor(next() * 40 * DAY));
    const assigned = next() < 0.7;
    // Now and then a clock step puts the assignment before the request: the wait counts as 0.
    const firstAssignedAt = assigned ? new Date(requestedAt.getTime() + Math.floor(next() * 3_600_000) - (next() < 0.03 ? 5_000 : 0)) : undefined;
    const ended = firstAssignedAt && next() < 0.8 ? new Date(firstAssignedAt.getTime() + Math.floor(next() * 7_200_000)) : undefined;
    const closed = ended !== undefined || (!assigned && next() < 0.8);
    const rated = ended !== undefined && next() < 0.5;
    const agentId = assigned ? pick(['a1', 'a2', 'a3', 'a4', 'a5']) : undefined;
    const handoffId = handoffIdOf('line', `default:user:U${seed}x${n}`);
    return {
      _id: `${handoffId}:${1 + (n % 3)}`,
      handoffId,
      cycle: 1 + (n % 3),
      channelId: 'line',
      conversationId: `default:user:U${seed}x${n}`,
      customerId: `line:U${seed}x${n % 50}`,
      ...(next() < 0.9 ? { lineAccountId: pick(['default', 'brand-b']) } : {}),
      language: pick(['ja', 'en', 'th']),
      firstQueueId: 'q1',
      queueId: pick(['q1', 'q2', 'q3']),
      ...(agentId ? { agentId, agentIds: [agentId] } : {}),
      state: closed ? 'closed' : assigned ? 'assigned' : 'queued',
      requestedAt,
      queuedAt: requestedAt,
      ...(firstAssignedAt ? { firstAssignedAt, assignedAt: firstAssignedAt } : {}),
      ...(ended && next() < 0.9 ? { endedAt: ended } : {}),
      ...(closed ? { closedAt: ended ?? requestedAt, closeReason: assigned ? 'agent' : pick(['customerCancelled', 'customerLeft', 'agentDeclined'] as const) } : {}),
      transfers: next() < 0.2 ? 1 + Math.floor(next() * 3) : 0,
      recordVersion: 3,
      ...(rated ? { rating: 1 + Math.floor(next() * 5), ...(next() < 0.5 ? { surveyAt: new Date((ended?.getTime() ?? 0) + 60_000) } : {}), ...(next() < 0.4 ? { comment: `comment ${n}` } : {}) } : {}),
    } as HandoffCycleFact;
  });
}

/** The ledger's view of a fact: what the figures mean, worked out here without the server's code. */
function ledgerCycle(fact: HandoffCycleFact): LedgerCycle {
  const assigned = fact.firstAssignedAt;
  const end = fact.endedAt ?? fact.closedAt;
  return {
    queueId: fact.queueId,
    agentId: fact.agentId,
    language: fact.language,
    lineAccountId: fact.lineAccountId ?? '',
    requestedAt: fact.requestedAt,
    waitSeconds: assigned ? Math.max(0, assigned.getTime() - fact.requestedAt.getTime()) / 1000 : undefined,
    handleSeconds: assigned && end ? Math.max(0, end.getTime() - assigned.getTime()) / 1000 : undefined,
    abandoned: !assigned && fact.state === 'closed' && (fact.closeReason === 'customerCancelled' || fact.closeReason === 'customerLeft'),
    transfers: fact.transfers,
    rating: fact.rating,
    comment: fact.comment,
  };
}

/** Asserts the rows equal, numbers within a part in 10^12 (the ledger sums seconds, the server milliseconds). */
function assertClose(actual: readonly object[], expected: readonly object[], message: string): void {
  assert.equal(actual.length, expected.length, message);
  actual.forEach((row, index) => {
    const want = expected[index] as Record<string, unknown>;
    assert.deepEqual(Object.keys(row).sort(), Object.keys(want).sort(), message);
    for (const [key, value] of Object.entries(row)) {
      const other = want[key];
      if (typeof value === 'number' && typeof other === 'number') assert.ok(Math.abs(value - other) <= 1e-12 * Math.max(1, Math.abs(other)), `${message}: ${key} ${value} ≠ ${other}`);
      else assert.equal(value, other, `${message}: ${key}`);
    }
  });
}

describe('report digest: the same figures as the facts, read in a fraction of the time', function () {
  this.timeout(120_000);
  let dataDir: string;
  let store: DocumentStore;
  let cycles: HandoffCycleRepository;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'report-digest-'));
    store = await openSqliteDocumentStore({ dataDir });
    cycles = await HandoffCycleRepository.open(store, QUIET);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function seed(facts: readonly HandoffCycleFact[]): Promise<void> {
    await (await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION)).insertManyIgnoringDuplicates(facts as unknown as StoredDocument[]);
  }
  const options = (grouping: ReportGrouping, timeZone: string, serviceLevelSeconds = 60) => ({ grouping, timeZone, serviceLevelSeconds });
  /** The report read from the digest alone. */
  const fromDigest = (from: Date, to: Date, grouping: ReportGrouping, timeZone: string, serviceLevelSeconds = 60): Promise<ReportFigures> =>
    periodReport({ reportCycles: (a, b) => cycles.digests.between(a, b), factsById: (ids) => cycles.factsById(ids) }, from, to, options(grouping, timeZone, serviceLevelSeconds));
  /** The slow recomputation: every fact of the period read and counted (the last period's read is reused). */
  let lastRead: { readonly key: string; readonly facts: Promise<HandoffCycleFact[]> } | undefined;
  const factsOf = (from: Date, to: Date): Promise<HandoffCycleFact[]> => {
    const key = `${from.toISOString()} ${to.toISOString()}`;
    if (lastRead?.key !== key) lastRead = { key, facts: cycles.requestedBetween(from, to) };
    return lastRead.facts;
  };
  const fromFacts = (from: Date, to: Date, grouping: ReportGrouping, timeZone: string, serviceLevelSeconds = 60): Promise<ReportFigures> =>
    periodReport({ reportCycles: async (a, b) => (await factsOf(a, b)).map(reportCycleOf), factsById: (ids) => cycles.factsById(ids) }, from, to, options(grouping, timeZone, serviceLevelSeconds));
  async function allFacts(): Promise<HandoffCycleFact[]> {
    return (await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION)).find({}) as unknown as Promise<HandoffCycleFact[]>;
  }

  it('gives exactly the figures of the facts and of an independent ledger, for any zone, grouping and period bounds', async () => {
    const facts = randomFacts(1500, 17);
    await seed(facts);
    assert.equal(await cycles.digests.isBuilt(), false);
    assert.ok((await cycles.buildDigest()) === facts.length, 'every fact gets a record');
    assert.equal(await cycles.buildDigest(), undefined, 'built once');
    const next = seededRandom(5);
    let compared = 0;
    for (const timeZone of ZONES) {
      const periods: [Date, Date][] = [
        [instantIn('2026-03-01', timeZone), instantIn('2026-04-01', timeZone)],
        // Bounds anywhere, to the millisecond, inside quarter hours.
        [new Date(T0 + Math.floor(next() * 10 * DAY)), new Date(T0 + 12 * DAY + Math.floor(next() * 25 * DAY))],
      ];
      for (const [from, to] of periods) {
        const inPeriod = facts.filter((fact) => fact.requestedAt >= from && fact.requestedAt < to).map(ledgerCycle);
        for (const grouping of GROUPINGS) {
          const serviceLevelSeconds = 1 + Math.floor(next() * 900);
          const fast = await fromDigest(from, to, grouping, timeZone, serviceLevelSeconds);
          assert.deepEqual(fast, await fromFacts(from, to, grouping, timeZone, serviceLevelSeconds), `${grouping} in ${timeZone} from ${from.toISOString()}`);
          // Worked out once per cycle: the ledger asks for each cycle's key once per group.
          const keys = new Map(
            inPeriod.map((cycle) => {
              const local = localDayAndHour(cycle.requestedAt, timeZone);
              return [cycle, { queue: cycle.queueId, agent: cycle.agentId ?? '', lineAccount: cycle.lineAccountId, language: cycle.language, day: local.day, hour: local.hour }[grouping]];
            }),
          );
          const keyOf = (cycle: LedgerCycle): string => keys.get(cycle) ?? '';
          assertClose(fast.rows, expectedRows(inPeriod, keyOf, serviceLevelSeconds), `${grouping} in ${timeZone} against the ledger`);
          assertClose([fast.total], [expectedRow('', inPeriod, serviceLevelSeconds)], `total in ${timeZone}`);
          compared += 1;
        }
        const csat = (await fromDigest(from, to, 'queue', timeZone)).csat;
        const ratings = inPeriod.flatMap((cycle) => (cycle.rating === undefined ? [] : [cycle.rating]));
        assert.deepEqual(csat.distribution, { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, ...Object.fromEntries([1, 2, 3, 4, 5].map((r) => [r, ratings.filter((x) => x === r).length])) });
        const comments = (await fromDigest(from, to, 'queue', timeZone)).comments.map((comment) => comment.comment).sort();
        assert.deepEqual(comments, inPeriod.flatMap((cycle) => (cycle.rating !== undefined && cycle.comment ? [cycle.comment] : [])).sort());
      }
    }
    assert.equal(compared, ZONES.length * 2 * GROUPINGS.length);
  });

  it('counts each cycle once through repeated, stale and concurrent writes from two instances', async () => {
    const second = await openSqliteDocumentStore({ dataDir });
    try {
      const other = await HandoffCycleRepository.open(second, QUIET);
      await cycles.buildDigest();
      const conversations = await HandoffConversationRepository.open(store);
      const t0 = new Date('2026-03-08T06:59:59.500Z');
      const versions = [];
      for (const id of ['h1', 'h2', 'h3']) {
        const started = await conversations.startCycle({
          id, channelId: 'line', conversationId: `default:user:${id}`, customerId: `line:${id}`, lineAccountId: 'default', reference: {}, language: 'ja', skill: 'general', topic: undefined,
          reason: 'customerAsked', summary: '', workstreamId: 'default', queueId: 'q1', requiredSkills: [], priority: 0, ruleId: undefined, units: 1, requestedAt: t0, queuedAt: t0, lastMessageAt: t0,
        } as Parameters<HandoffConversationRepository['startCycle']>[0]);
        const assigned = await conversations.transition(id, { states: ['queued'] }, { $set: { state: 'assigned', agentId: 'a1', assignedAt: new Date(t0.getTime() + 42_250) } });
        const closed = await conversations.transition(id, { states: ['assigned'] }, { $set: { state: 'closed', endedAt: new Date(t0.getTime() + 300_000), closedAt: new Date(t0.getTime() + 300_000), closeReason: 'agent' } });
        assert.ok(assigned && closed);
        versions.push([started.conversation, assigned, closed] as const);
      }
      // Both instances write every version, in different orders, at once; then late copies of the oldest.
      await Promise.all(versions.flatMap(([started, assigned, closed]) => [cycles.write(started), other.write(closed), cycles.write(assigned), other.write(started), cycles.write(closed), other.write(assigned)]));
      await Promise.all(versions.flatMap(([started]) => [cycles.write(started), other.write(started)]));
      const from = new Date('2026-03-08T00:00:00Z');
      const to = new Date('2026-03-09T00:00:00Z');
      const report = await fromDigest(from, to, 'agent', 'America/New_York');
      assert.deepEqual(report, await fromFacts(from, to, 'agent', 'America/New_York'));
      assert.equal(report.total.requested, 3);
      assert.equal(report.total.answered, 3);
      assert.equal(report.total.averageWaitSeconds, 42.25);
      assert.equal(report.total.averageHandleSeconds, 257.75);
      assert.deepEqual(await other.digests.between(from, to), await cycles.digests.between(from, to), 'both instances read one digest');
      assert.equal((await allFacts()).filter((fact) => fact.digestPending).length, 0, 'no entry left pending');
    } finally {
      await second.close();
    }
  });

  it('a change whose digest write was lost is caught up by the repair; surveys and purges reach the digest', async () => {
    const facts = randomFacts(200, 3);
    await seed(facts);
    await cycles.buildDigest();
    const from = new Date(T0);
    const to = new Date(T0 + 40 * DAY);
    const collection = await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION);
    // The process died after changing a fact and before writing its digest record.
    const victim = facts.find((fact) => fact.firstAssignedAt === undefined && fact.state !== 'closed');
    assert.ok(victim);
    await collection.updateOne({ _id: victim._id }, { $set: { state: 'closed', closedAt: victim.requestedAt, closeReason: 'customerLeft', digestPending: true }, $inc: { rev: 1 } });
    assert.notDeepEqual((await fromDigest(from, to, 'queue', 'UTC')).total, (await fromFacts(from, to, 'queue', 'UTC')).total, 'the digest lags behind the fact');
    lastRead = undefined;
    assert.equal(await cycles.repairDigest(), 1);
    assert.equal(await cycles.repairDigest(), 0, 'then nothing is pending');
    assert.deepEqual(await fromDigest(from, to, 'queue', 'UTC'), await fromFacts(from, to, 'queue', 'UTC'));

    const rated = facts.find((fact) => fact.state === 'closed' && fact.rating === undefined && fact.cycle === 1);
    assert.ok(rated);
    await cycles.recordSurvey({ channelId: rated.channelId, conversationId: rated.conversationId, customerId: rated.customerId, rating: 2, comment: 'slow, =but kind', language: 'en', at: new Date(T0 + 45 * DAY) });
    lastRead = undefined;
    const afterSurvey = await fromDigest(from, to, 'language', 'Asia/Kathmandu');
    assert.deepEqual(afterSurvey, await fromFacts(from, to, 'language', 'Asia/Kathmandu'));
    assert.equal(afterSurvey.comments[0]?.comment, 'slow, =but kind', 'the newest comment comes first');

    const customerId = facts[0]?.customerId ?? '';
    const purged = await cycles.purgeCustomer(customerId);
    assert.ok(purged > 0);
    lastRead = undefined;
    const afterPurge = await fromDigest(from, to, 'hour', 'Australia/Lord_Howe');
    assert.deepEqual(afterPurge, await fromFacts(from, to, 'hour', 'Australia/Lord_Howe'));
    assert.equal(afterPurge.total.requested, facts.filter((fact) => fact.customerId !== customerId).length);
  });

  it('reads the facts until the digest is built, and the digest once it is', async () => {
    const facts = randomFacts(100, 9);
    await seed(facts);
    const from = new Date(T0);
    const to = new Date(T0 + 40 * DAY);
    assert.equal((await cycles.reportCycles(from, to)).length, facts.length, 'from the facts before the build');
    await cycles.buildDigest();
    // A record only the digest has shows that reports now read it.
    const digests = await store.collection<StoredDocument>(REPORT_DIGESTS_COLLECTION);
    assert.ok((await digests.countDocuments({})) > 1);
    await (await store.collection<StoredDocument>(HANDOFF_CYCLES_COLLECTION)).deleteOne({ _id: facts[0]?._id ?? '' });
    assert.equal((await cycles.reportCycles(from, to)).length, facts.length, 'from the digest after it');
  });
});
