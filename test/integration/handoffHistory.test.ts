import assert from 'node:assert/strict';
import { handoffIdOf } from '../../src/handoff/handoffConversation';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';

function lineUser(n: number): string {
  return `U${(0xc000 + n).toString(16).padStart(32, '0')}`;
}

function handoffIdOfLineUser(userId: string): string {
  return handoffIdOf('line', `default:user:${userId}`);
}

interface Item {
  readonly handoffId: string;
  readonly cycle: number;
  readonly customerName?: string;
  readonly queueId: string;
  readonly state: string;
  readonly wrapUpCode?: string;
}

describe('conversation history: search, conversation page and downloads', () => {
  let h: HandoffHarness;
  let amy: TestAgent;
  let bob: TestAgent;
  let sue: TestAgent;
  const hana = lineUser(1);
  const kenji = lineUser(2);
  let hanaId = '';
  let kenjiId = '';
  const typed = '<script>alert("typed")</script> & more';

  async function serve(agent: TestAgent, userId: string, name: string, messages: readonly string[], code?: string): Promise<void> {
    h.server.fake.api.setProfile(userId, { displayName: name, language: 'ja' });
    await h.say(userId, 'cmd:agent');
    const id = handoffIdOfLineUser(userId);
    const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    for (const message of messages) await h.say(userId, message);
    const answered = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: `Hello ${name}` });
    assert.equal(answered.status, 201, answered.text);
    assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    if (code) assert.equal((await h.call(agent.token, 'PUT', `/api/agent/conversations/${id}/wrap-up`, { code, note: `Wrapped ${name}` })).status, 200);
    const closed = await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.state, 'closed');
  }

  async function search(agent: TestAgent, query: string): Promise<{ status: number; items: Item[]; nextBefore: unknown }> {
    const answer = await h.call(agent.token, 'GET', `/api/agent/history${query}`);
    return { status: answer.status, items: (answer.json.items ?? []) as Item[], nextBefore: answer.json.nextBefore };
  }

  before(async () => {
    h = await HandoffHarness.start({ HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600', HANDOFF_WRAP_UP_SECONDS: '600', HANDOFF_INACTIVITY_CLOSE_MINUTES: '600' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-a', name: 'Queue A', languages: ['ja'], priority: 5, distribution: 'pick' });
    await h.admin('POST', '/api/admin/queues', { id: 'q-b', name: 'Queue B', languages: ['ja'], priority: 5, distribution: 'pick' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'q-a', requiredSkills: [] });
    await h.admin('POST', '/api/admin/wrap-up-codes', { id: 'refund', label: 'Refund issued' });
    amy = await h.createAgent('amy', { displayName: 'Amy', languages: ['ja'], capacity: 2, queueIds: ['q-a'] });
    bob = await h.createAgent('bob', { displayName: 'Bob', languages: ['ja'], capacity: 2, queueIds: ['q-a', 'q-b'] });
    sue = await h.createAgent('sue', undefined, ['supervisor']);
    await h.presence(amy, 'available');
    await h.presence(bob, 'available');
    hanaId = handoffIdOfLineUser(hana);
    kenjiId = handoffIdOfLineUser(kenji);
    await serve(amy, hana, 'Hana Sato', [typed], 'refund');
    h.clock.advance(60_000);
    await serve(bob, kenji, 'Kenji Ito', ['Where is my parcel?']);
    h.clock.advance(60_000);
    await serve(amy, hana, 'Hana Sato', ['Me again']);
  });

  after(async () => {
    await h.close();
  });

  it('lists every cycle for a supervisor, and to an agent only the cycles they served', async () => {
    const all = await search(sue, '');
    assert.equal(all.status, 200);
    assert.deepEqual(all.items.map((item) => `${item.handoffId === hanaId ? 'hana' : 'kenji'}:${item.cycle}`), ['hana:2', 'kenji:1', 'hana:1']);
    const amys = await search(amy, '');
    assert.deepEqual(amys.items.map((item) => [item.handoffId, item.cycle]), [[hanaId, 2], [hanaId, 1]]);
    const bobs = await search(bob, '');
    assert.deepEqual(bobs.items.map((item) => item.handoffId), [kenjiId]);
    assert.equal(all.items.find((item) => item.handoffId === hanaId && item.cycle === 1)?.wrapUpCode, 'refund');
  });

  it('filters by words, customer name, agent, state and period, and pages', async () => {
    assert.deepEqual((await search(sue, '?q=kenji')).items.map((item) => item.handoffId), [kenjiId]);
    assert.deepEqual((await search(sue, '?customer=sato')).items.map((item) => item.cycle), [2, 1]);
    assert.deepEqual((await search(sue, `?customer=${encodeURIComponent(`line:${kenji}`)}`)).items.map((item) => item.handoffId), [kenjiId]);
    assert.deepEqual((await search(sue, `?agentId=${bob.id}`)).items.map((item) => item.handoffId), [kenjiId]);
    assert.equal((await search(sue, '?state=closed')).items.length, 3);
    assert.equal((await search(sue, '?state=queued')).items.length, 0);
    assert.equal((await search(sue, `?to=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`)).items.length, 0);
    assert.equal((await search(sue, '?q=refund')).items.length, 1, 'the wrap-up code is searched');
    assert.equal((await search(sue, '?from=yesterday')).status, 400);
    assert.equal((await search(sue, '?before=2026-01-01')).status, 400);

    const first = await search(sue, '?limit=2');
    assert.equal(first.items.length, 2);
    assert.equal(typeof first.nextBefore, 'string');
    const second = await search(sue, `?limit=2&before=${encodeURIComponent(String(first.nextBefore))}`);
    assert.deepEqual(second.items.map((item) => [item.handoffId, item.cycle]), [[hanaId, 1]]);
    assert.equal(second.nextBefore, undefined);
  });

  it('shows the whole conversation with its cycles, and refuses it to an agent who never served it', async () => {
    const page = await h.call(amy.token, 'GET', `/api/agent/history/${hanaId}`);
    assert.equal(page.status, 200, page.text);
    const cycles = page.json.cycles as { cycle: number; agentName?: string; queueName?: string; wrapUpCode?: string; wrapUpLabel?: string; wrapUpNote?: string; closeReason?: string }[];
    assert.deepEqual(cycles.map((cycle) => [cycle.cycle, cycle.agentName, cycle.queueName, cycle.closeReason]), [[1, 'Amy', 'Queue A', 'agent'], [2, 'Amy', 'Queue A', 'agent']]);
    assert.deepEqual([cycles[0]?.wrapUpCode, cycles[0]?.wrapUpLabel, cycles[0]?.wrapUpNote], ['refund', 'Refund issued', 'Wrapped Hana Sato']);
    const texts = (page.json.messages as { author: string; text: string }[]).map((message) => `${message.author}:${message.text}`);
    assert.ok(texts.includes(`customer:${typed}`), texts.join('\n'));
    assert.ok(texts.includes('agent:Hello Hana Sato'), texts.join('\n'));
    assert.equal((await h.call(bob.token, 'GET', `/api/agent/history/${hanaId}`)).status, 404);
    assert.equal((await h.call(bob.token, 'GET', `/api/agent/history/${hanaId}/download?format=html`)).status, 404);
  });

  it('downloads a self-contained HTML page that escapes what the customer typed, and complete JSON', async () => {
    const html = await fetch(`${h.url}/api/agent/history/${hanaId}/download?format=html`, { headers: { authorization: `Bearer ${amy.token}` } });
    assert.equal(html.status, 200);
    assert.match(String(html.headers.get('content-type')), /^text\/html/);
    assert.match(String(html.headers.get('content-disposition')), /^attachment; filename="conversation-[0-9a-f]+\.html"$/);
    const page = await html.text();
    assert.ok(!/<script/i.test(page), 'no script element at all');
    assert.ok(page.includes('&lt;script&gt;alert(&quot;typed&quot;)&lt;/script&gt; &amp; more'));
    assert.ok(page.includes('Handoff 1') && page.includes('Handoff 2'));
    assert.ok(page.includes('Refund issued'));
    assert.ok(!/(src|href)=/i.test(page), 'loads nothing from outside');

    const json = await fetch(`${h.url}/api/agent/history/${hanaId}/download?format=json`, { headers: { authorization: `Bearer ${amy.token}` } });
    assert.equal(json.status, 200);
    const data = (await json.json()) as { cycles: unknown[]; messages: { text: string }[]; customer: { name?: string }; notes: { kind: string }[] };
    assert.equal(data.cycles.length, 2);
    assert.equal(data.customer.name, 'Hana Sato');
    assert.ok(data.messages.some((message) => message.text === typed));
    assert.ok(data.messages.some((message) => message.text === 'Me again'));
    assert.ok(data.notes.some((note) => note.kind === 'wrapUp'));
  });

  it('downloads the HTML page in the viewer\'s language and time zone, with words instead of codes, still escaped', async () => {
    const download = async (query: string, headers: Record<string, string> = {}): Promise<{ status: number; page: string }> => {
      const answer = await fetch(`${h.url}/api/agent/history/${hanaId}/download?format=html${query}`, { headers: { authorization: `Bearer ${amy.token}`, ...headers } });
      return { status: answer.status, page: await answer.text() };
    };
    const definitions = (page: string): string[] => [...page.matchAll(/<dd>([^<]*)<\/dd>/g)].map((match) => match[1] ?? '');
    const codes = ['agent', 'customerCancelled', 'outOfHours', 'inactivity', 'supervisor', 'customerLeft', 'accountRemoved', 'queued', 'assigned', 'waiting', 'wrapUp', 'closed'];

    const japanese = await download('&lang=ja&tz=Asia%2FTokyo');
    assert.equal(japanese.status, 200);
    assert.match(japanese.page, /<html lang="ja">/);
    for (const label of ['終了理由', 'オペレーターが終了', '有人対応 1', '有人対応 2', '状態', 'キュー', '後処理コード', 'Asia/Tokyo']) assert.ok(japanese.page.includes(label), label);
    const values = definitions(japanese.page);
    assert.ok(values.length > 0);
    assert.deepEqual(values.filter((value) => codes.includes(value)), [], 'no raw state or close reason code');
    assert.ok(!/Close reason|Handoff 1|Customer /.test(japanese.page), 'no English label');
    // Tokyo is UTC+9: the request time appears as Tokyo's wall clock, in Japanese date words.
    const requested = await h.call(amy.token, 'GET', `/api/agent/history/${hanaId}`);
    const firstRequest = new Date(String((requested.json.cycles as { requestedAt: string }[])[0]?.requestedAt));
    const tokyo = new Intl.DateTimeFormat('ja', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(firstRequest);
    assert.ok(japanese.page.includes(tokyo), `the request time in Tokyo (${tokyo})`);
    assert.ok(japanese.page.includes('&lt;script&gt;alert(&quot;typed&quot;)&lt;/script&gt; &amp; more'), 'what the customer typed is still escaped');
    assert.ok(!/<script/i.test(japanese.page));

    const thai = await download('', { 'accept-language': 'fr-FR,th-TH;q=0.9,en;q=0.5' });
    assert.ok(thai.page.includes('เหตุผลที่ปิด') && thai.page.includes('เจ้าหน้าที่ปิด'), 'Accept-Language picks Thai');
    const chinese = await download('&lang=zh-TW');
    assert.ok(chinese.page.includes('結束原因') && chinese.page.includes('由客服人員結束') && chinese.page.includes('(UTC)'), 'zh-TW, UTC by default');
    const english = await download('', { 'accept-language': 'fr-FR' });
    assert.ok(english.page.includes('Closed by the agent') && english.page.includes('Close reason'), 'English otherwise');
    assert.equal((await download('&tz=Mars%2FOlympus')).status, 400);
  });

  it('lists each handoff cycle of a conversation separately in the customer\'s past conversations', async () => {
    h.server.fake.api.setProfile(hana, { displayName: 'Hana Sato', language: 'ja' });
    await h.say(hana, 'cmd:agent');
    const accepted = await h.call(amy.token, 'POST', `/api/agent/conversations/${hanaId}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    const past = await h.call(amy.token, 'GET', `/api/agent/conversations/${hanaId}/history`);
    assert.equal(past.status, 200, past.text);
    const items = past.json.items as { current: boolean; handoff?: { cycleList: { cycle: number; state: string; closeReason?: string; wrapUpCode?: string }[] } }[];
    const current = items.find((item) => item.current);
    assert.deepEqual(
      current?.handoff?.cycleList.map((cycle) => [cycle.cycle, cycle.state, cycle.closeReason ?? null, cycle.wrapUpCode ?? null]),
      [
        [3, 'assigned', null, null],
        [2, 'closed', 'agent', null],
        [1, 'closed', 'agent', 'refund'],
      ],
    );
  });

  it('describes the history, notes and wrap-up routes in the OpenAPI document', async () => {
    const document = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [route, method] of [
      ['/api/agent/history', 'get'],
      ['/api/agent/history/{handoffId}', 'get'],
      ['/api/agent/history/{handoffId}/download', 'get'],
      ['/api/agent/conversations/{id}/notes', 'post'],
      ['/api/agent/conversations/{id}/wrap-up', 'put'],
      ['/api/admin/wrap-up-codes', 'post'],
      ['/api/admin/wrap-up-settings/{workstreamId}', 'put'],
    ] as const) {
      assert.ok(document.paths[route]?.[method], `${method} ${route}`);
    }
  });
});
