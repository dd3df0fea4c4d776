import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { HandoffHarness } from '../support/handoffHarness';
import { indexServes, isServed, queryShapes } from '../support/indexCoverage';
import { recordingStore } from '../support/recordingStore';

function lineUser(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}

/** Queries known to lack an index, each with why it is tolerated (none today). */
const KNOWN_UNSERVED = new Set<string>();

describe('every repository query has an index (MongoDB prefix and ESR rules)', () => {
  it('the rule itself: equality prefix, then sort, then range', () => {
    const [shape] = queryShapes({ queueId: 'q', assignedAt: { $exists: true } }, { assignedAt: -1 });
    assert.ok(shape);
    assert.equal(indexServes({ keys: { queueId: 1, assignedAt: 1 } }, shape), true, 'reversed direction serves the sort');
    assert.equal(indexServes({ keys: { state: 1, queueId: 1, queuedAt: 1 } }, shape), false);
    assert.equal(indexServes({ keys: { assignedAt: 1, queueId: 1 } }, shape), true, 'the sort from the index, the equality filtered');
    const [mixed] = queryShapes({ a: 1, b: 2 }, { c: 1, d: -1 });
    assert.ok(mixed);
    assert.equal(indexServes({ keys: { b: 1, a: 1, c: 1, d: -1 } }, mixed), true);
    assert.equal(indexServes({ keys: { a: 1, c: 1, d: 1 } }, mixed), false, 'mixed directions must match or be all reversed');
    const [paging] = queryShapes({ _id: { $gt: 'x' } }, { _id: 1 });
    assert.ok(paging);
    assert.equal(isServed([], paging), true, 'the _id index serves paging by id');
    const [byTime] = queryShapes({ at: { $gt: 'x' } }, undefined);
    assert.ok(byTime);
    assert.equal(isServed([], byTime), false, 'but no other range');
  });

  it('finds an index for each query a handoff, the bot and the dashboards send', async function () {
    this.timeout(60_000);
    const dataDir = await mkdtemp(join(tmpdir(), 'index-coverage-'));
    const recording = recordingStore(await openSqliteDocumentStore({ dataDir }));
    const h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '60', HANDOFF_QUEUE_UPDATE_SECONDS: '10', TRANSCRIPT_RETENTION_DAYS: '1', NON_LINE_DATA_TTL_HOURS: '1', DATA_DIR: dataDir }, recording.store);
    try {
      await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
      await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
      const agent = await h.createAgent('aiko', { displayName: 'Aiko', languages: ['ja'], capacity: 1, queueIds: ['ja-support'] });
      for (const n of [1, 2, 3]) {
        h.server.fake.api.setProfile(lineUser(n), { displayName: `C${n}`, language: 'ja' });
        await h.say(lineUser(n), 'hello');
        await h.say(lineUser(n), 'cmd:agent');
      }
      await h.presence(agent, 'available');
      const offered = await h.conversationsOf(agent);
      const id = String(offered[0]?.id);
      assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'hi', clientMessageId: 'm-1' });
      await h.call(agent.token, 'GET', `/api/agent/conversations/${id}/transcript`);
      await h.admin('GET', '/api/supervisor/overview');
      h.clock.advance(20_000);
      await h.sweep();
      await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
      h.clock.advance(120_000);
      await h.sweep();
      await h.sweep();
      await h.admin('GET', '/api/supervisor/overview');
      const today = h.clock.now().toISOString().slice(0, 10);
      await h.admin('GET', `/api/supervisor/reports?from=${today}&to=${new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10)}&groupBy=agent`);
      // The agent's and the admin's other views, a failed login, and a customer's purge.
      const statuses: string[] = [];
      for (const path of ['/api/agent/history?q=hello', '/api/agent/history?q=%E8%BF%94%E5%93%81', '/api/agent/contacts', `/api/agent/conversations/${id}/history`, '/api/agent/directory', '/api/agent/canned-responses', '/api/agent/conversations']) statuses.push(`${path} ${(await h.call(agent.token, 'GET', path)).status}`);
      const customerId = `line:${lineUser(1)}`;
      for (const path of ['/api/admin/users', `/api/admin/customers/${encodeURIComponent(customerId)}`, `/api/transcripts/line/${encodeURIComponent(`default:user:${lineUser(1)}`)}`]) statuses.push(`${path} ${(await h.admin('GET', path)).status}`);
      statuses.push(`login ${(await h.call(null, 'POST', '/api/auth/login', { username: 'aiko', password: 'not-the-password' })).status}`);
      await h.closeEverything([agent]);
      statuses.push(`purge ${(await h.admin('DELETE', `/api/admin/customers/${encodeURIComponent(customerId)}`)).status}`);
      assert.deepEqual(statuses.filter((entry) => !/ (200|204|401)$/.test(entry)), [], 'every view answered');
      // Two days on, the retention sweep finds the other customers' data past the one-day setting.
      h.clock.advance(2 * 86_400_000);
      // An Emulator user's data, so that the sweep's per-channel deletes are among the queries checked.
      const emulatorAt = new Date(h.clock.now().getTime() - 2 * 3_600_000);
      for (const [name, ageField] of [['botState', 'updatedAt'], ['transcripts', 'timestamp'], ['conversations', 'lastActivityAt'], ['customers', 'lastSeenAt']] as const) {
        await (await h.server.app.store.collection(name)).insertOne({ _id: `emulator-${name}`, channelId: 'emulator', [ageField]: emulatorAt });
      }
      await (await h.server.app.store.collection('contacts')).insertOne({ _id: 'c_0123456789abcdef0123', name: 'Old', nameKey: 'old', createdAt: emulatorAt, updatedAt: new Date(h.clock.now().getTime() - 2 * 86_400_000) });
      const retained = await h.server.app.retention.run();
      assert.ok((retained.transcriptActivities ?? 0) > 0 && (retained.customers ?? 0) > 0, `the retention sweep deleted old data (${JSON.stringify(retained)})`);
      assert.ok((retained.lineInboxEvents ?? 0) > 0 && (retained.handoffWork ?? 0) > 0 && (retained.botState ?? 0) > 0, `the inbox, closed work items and bot state aged out too (${JSON.stringify(retained)})`);
      assert.deepEqual([retained.channelBotState, retained.channelTranscriptActivities, retained.channelConversations, retained.channelCustomers], [1, 1, 1, 1], `the Emulator's data went by its own lifetime (${JSON.stringify(retained)})`);
      assert.equal(retained.contacts, 1, 'the old contact without customers went');
    } finally {
      await h.close();
      await rm(dataDir, { recursive: true, force: true });
    }

    const unserved = new Set<string>();
    for (const query of recording.queries) {
      for (const shape of queryShapes(query.filter, query.sort)) {
        if (isServed(recording.indexes.get(query.collection) ?? [], shape)) continue;
        const described = `${query.collection}: ${query.operation} equality [${shape.equality.join(', ')}] range [${shape.range.join(', ')}] sort [${shape.sort.map(([field, direction]) => `${field} ${direction}`).join(', ')}]`;
        if (!KNOWN_UNSERVED.has(described)) unserved.add(described);
      }
    }
    const queried = new Set(recording.queries.map((query) => query.collection));
    for (const collection of ['handoffConversations', 'conversations', 'transcripts', 'lineInbox', 'users', 'loginThrottle', 'customers', 'attachments', 'agentFiles', 'surveys', 'handoffCycles', 'handoffDeliveryMarks', 'handoffAgentMessages', 'handoffNotes', 'handoffWork', 'botState', 'contacts']) assert.ok(queried.has(collection), `the scenario queried ${collection} (${[...queried].join(', ')})`);
    assert.deepEqual([...unserved], [], 'queries no declared index serves');
  });
});
