import assert from 'node:assert/strict';
import * as fixtures from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { expectedRow, expectedRows, localDayAndHour, parseCsv, type ExpectedRow, type LedgerCycle } from '../support/reportLedger';

function lineUser(n: number): string {
  return `U${(0xa11ce00 + n).toString(16).padStart(32, '0')}`;
}

const QUEUE_OF = { ja: 'ja-support', en: 'en-support' } as const;
const OTHER_QUEUE = { 'ja-support': 'en-support', 'en-support': 'ja-support' } as const;
const COMMENTS = ['とても助かりました', 'Fast, "friendly" help', 'ขอบคุณมากครับ'];

/** Rounds every number so floating sums compare. */
function rounded(row: object): object {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' ? Math.round(value * 1000) / 1000 : value]));
}

describe('reports over real handoffs (two queues, two agents, two languages, cancels, transfers, surveys)', function () {
  this.timeout(180_000);
  let h: HandoffHarness;
  let aiko: TestAgent;
  let ben: TestAgent;
  let supervisor: TestAgent;
  const ledger: LedgerCycle[] = [];
  let from: string;
  let to: string;

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    for (const [id, name] of [['ja-support', 'サポート'], ['en-support', 'Support']] as const) await h.admin('POST', '/api/admin/queues', { id, name, languages: ['ja', 'en'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'english', name: 'English', order: 20, when: { languages: ['en'] }, queueId: 'en-support', requiredSkills: [] });
    aiko = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja', 'en'], capacity: 5, queueIds: ['ja-support', 'en-support'] });
    ben = await h.createAgent('ben', { displayName: 'Ben', languages: ['ja', 'en'], capacity: 5, queueIds: ['ja-support', 'en-support'] });
    supervisor = await h.createAgent('sara', undefined, ['supervisor']);
    const start = localDayAndHour(h.clock.now(), 'UTC').day;
    from = start;
    to = new Date(Date.parse(`${start}T00:00:00Z`) + 4 * 86_400_000).toISOString().slice(0, 10);

    for (let i = 0; i < 24; i += 1) {
      const userId = lineUser(i);
      const language = i % 2 === 0 ? 'ja' : 'en';
      h.server.fake.api.setProfile(userId, { displayName: `Customer ${i}`, language });
      const requestedAt = h.clock.now();
      await h.say(userId, 'cmd:agent');
      const waitMs = (((i * 7) % 9) + 1) * 15_000;
      h.clock.advance(waitMs);
      const queueId = QUEUE_OF[language];
      if (i % 6 === 4 || i % 8 === 7) {
        if (i % 6 === 4) await h.say(userId, 'cmd:cancel');
        else await h.deliver(fixtures.unfollowEvent({ source: fixtures.userSource(userId) }));
        ledger.push({ queueId, agentId: undefined, language, lineAccountId: 'default', requestedAt, waitSeconds: undefined, handleSeconds: undefined, abandoned: true, transfers: 0, rating: undefined, comment: undefined });
      } else {
        let agent = i % 3 === 0 ? ben : aiko;
        await h.presence(agent, 'available');
        const id = await h.conversationIdFor(agent, userId);
        const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`);
        assert.equal(accepted.status, 200, accepted.text);
        await h.presence(agent, 'busy');
        let handleMs = 0;
        let transfers = 0;
        let lastQueue: string = queueId;
        if (i % 4 === 1 || i % 8 === 2) {
          h.clock.advance(30_000);
          handleMs += 30_000;
          const other = agent === ben ? aiko : ben;
          lastQueue = OTHER_QUEUE[queueId];
          const moved = await h.call(supervisor.token, 'POST', `/api/supervisor/conversations/${id}/transfer`, { queueId: lastQueue, agentId: other.id });
          assert.equal(moved.status, 200, moved.text);
          agent = other;
          transfers = 1;
        }
        const more = ((i % 5) + 1) * 60_000;
        h.clock.advance(more);
        handleMs += more;
        const ended = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
        assert.equal(ended.status, 200, ended.text);
        await h.settle();
        let rating: number | undefined;
        let comment: string | undefined;
        if (i % 3 !== 2) {
          rating = (i % 5) + 1;
          comment = COMMENTS[i % COMMENTS.length];
          await h.say(userId, String(rating));
          await h.say(userId, comment ?? '');
        }
        assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200, 'wrap-up finished');
        ledger.push({ queueId: lastQueue, agentId: agent.id, language, lineAccountId: 'default', requestedAt, waitSeconds: waitMs / 1000, handleSeconds: handleMs / 1000, abandoned: false, transfers, rating, comment });
      }
      // Spread the requests over more than a day, so days and hours group apart.
      h.clock.advance(70 * 60_000 - waitMs);
    }
  });
  after(async () => h?.close());

  async function report(query: string, token = supervisor.token): Promise<{ rows: ExpectedRow[]; total: ExpectedRow; series: ExpectedRow[]; csat: { count: number; average: number; distribution: Record<string, number> }; comments: { comment: string; rating: number; conversationId: string }[] }> {
    const answer = await h.call(token, 'GET', `/api/supervisor/reports?${query}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.json as never;
  }

  it('counts each figure per queue, agent, language and LINE account as the handoffs happened', async () => {
    assert.ok(ledger.some((cycle) => cycle.abandoned) && ledger.some((cycle) => cycle.transfers > 0) && ledger.some((cycle) => cycle.rating !== undefined), 'the history has every kind of cycle');
    const groupings: [string, (cycle: LedgerCycle) => string][] = [
      ['queue', (cycle) => cycle.queueId],
      ['agent', (cycle) => cycle.agentId ?? ''],
      ['language', (cycle) => cycle.language],
      ['lineAccount', (cycle) => cycle.lineAccountId],
    ];
    for (const [groupBy, keyOf] of groupings) {
      const answer = await report(`from=${from}&to=${to}&groupBy=${groupBy}`);
      assert.deepEqual(answer.rows.map(rounded), expectedRows(ledger, keyOf, 60).map(rounded), `grouped by ${groupBy}`);
      assert.deepEqual(rounded(answer.total), rounded(expectedRow('', ledger, 60)));
    }
    const stricter = await report(`from=${from}&to=${to}&groupBy=queue&serviceLevelSeconds=30`);
    assert.deepEqual(stricter.rows.map((row) => row.serviceLevel), expectedRows(ledger, (cycle) => cycle.queueId, 30).map((row) => row.serviceLevel));
  });

  it('buckets days and hours in the time zone asked for', async () => {
    for (const timeZone of ['UTC', 'Asia/Tokyo']) {
      const byDay = await report(`from=${from}&to=${to}&groupBy=day&timeZone=${encodeURIComponent(timeZone)}`);
      const days = expectedRows(ledger, (cycle) => localDayAndHour(cycle.requestedAt, timeZone).day, 60);
      // The period is whole days in the zone: the same cycles fall in, except those before its first midnight.
      const inPeriod = days.filter((row) => row.key >= from && row.key < to);
      assert.deepEqual(byDay.rows.map(rounded), inPeriod.map(rounded), `days in ${timeZone}`);
      assert.ok(byDay.rows.length >= 2, 'more than one day');
    }
    const byHour = await report(`from=${from}&to=${to}&groupBy=hour`);
    assert.deepEqual(byHour.rows.map(rounded), expectedRows(ledger, (cycle) => localDayAndHour(cycle.requestedAt, 'UTC').hour, 60).map(rounded));
    assert.deepEqual(byHour.series, byHour.rows, 'grouped by hour, the series is the rows');
  });

  it('summarises the survey answers and lists the comments with their conversation', async () => {
    const answer = await report(`from=${from}&to=${to}&groupBy=queue`);
    const ratings = ledger.flatMap((cycle) => (cycle.rating === undefined ? [] : [cycle.rating]));
    assert.equal(answer.csat.count, ratings.length);
    assert.equal(Math.round(answer.csat.average * 1000), Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 1000));
    for (const rating of [1, 2, 3, 4, 5]) assert.equal(answer.csat.distribution[String(rating)], ratings.filter((value) => value === rating).length, `rating ${rating}`);
    const expectedComments = ledger.flatMap((cycle) => (cycle.comment === undefined ? [] : [`${cycle.rating} ${cycle.comment}`])).sort();
    assert.deepEqual(answer.comments.map((comment) => `${comment.rating} ${comment.comment}`).sort(), expectedComments);
    assert.ok(answer.comments.every((comment) => comment.conversationId.startsWith('default:user:U')));
  });

  it('gives each table as CSV with a byte order mark, quoting as RFC 4180 says', async () => {
    const response = await fetch(`${h.url}/api/supervisor/reports?from=${from}&to=${to}&groupBy=agent&format=csv`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const rows = parseCsv(new TextDecoder().decode(bytes));
    assert.deepEqual(rows[0]?.slice(0, 3), ['agent', 'requested', 'answered']);
    const aikoRow = rows.find((row) => row[0] === aiko.id);
    const expected = expectedRows(ledger, (cycle) => cycle.agentId ?? '', 60).find((row) => row.key === aiko.id);
    assert.ok(aikoRow && expected);
    assert.deepEqual(aikoRow.slice(1, 4).map(Number), [expected.requested, expected.answered, expected.abandoned]);
    assert.equal(rows.at(-1)?.[0], 'total');

    const comments = await fetch(`${h.url}/api/supervisor/reports?from=${from}&to=${to}&format=csv&table=comments`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    const commentRows = parseCsv(await comments.text());
    assert.ok(commentRows.some((row) => row[2] === 'Fast, "friendly" help'), 'a comment with a comma and quotes survives the round trip');
    assert.ok(commentRows.some((row) => row[2] === 'とても助かりました'));
  });

  it('refuses agents, unknown time zones and reversed periods', async () => {
    assert.equal((await h.call(aiko.token, 'GET', `/api/supervisor/reports?from=${from}&to=${to}`)).status, 403);
    const zone = await h.call(supervisor.token, 'GET', `/api/supervisor/reports?from=${from}&to=${to}&timeZone=Mars/Olympus`);
    assert.equal(zone.status, 400);
    assert.equal(zone.json.field, 'timeZone');
    assert.equal((await h.call(supervisor.token, 'GET', `/api/supervisor/reports?from=${to}&to=${from}`)).status, 400);
    assert.equal((await h.call(supervisor.token, 'GET', `/api/supervisor/reports?from=${from}&to=${to}&groupBy=weather`)).status, 400);
  });
});
