import assert from 'node:assert/strict';
import { SELF_SERVICE_CONTENT_COLLECTION } from '../../src/content/selfServiceContentRepository';
import type { StoredDocument } from '../../src/storage/engine/documentStore';
import * as fixtures from '../fixtures/lineEvents';
import { HARNESS_ADMIN_KEY, HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { SHIPPED_CONTENT, editableShippedContent, shippedTopic, topicOf, type EditableContent } from '../support/selfServiceContent';

const PATH = '/api/admin/self-service-content';
const DELIVERY = shippedTopic('delivery-status');
const JA_QUESTION = DELIVERY.questions.ja[0] ?? '';
const NEW_ANSWER = '配送状況は「注文履歴」からいつでもご確認いただけます。';

/** A LINE user id of the right shape, distinct per call. */
let users = 0;
function lineUser(): string {
  users += 1;
  return `U${(0xc000 + users).toString(16).padStart(32, '0')}`;
}

/** The shipped content with a new Japanese delivery answer and a `gift-wrapping` topic first on the menu. */
function editedContent(): EditableContent {
  const content = editableShippedContent();
  const delivery = topicOf(content, 'delivery-status');
  delivery.answer.ja = NEW_ANSWER;
  content.topics.push({
    ...structuredClone(delivery),
    id: 'gift-wrapping',
    skill: 'orders',
    title: { en: 'Gift wrapping', ja: 'ギフト包装', th: 'ห่อของขวัญ', 'zh-TW': '禮品包裝' },
    keywords: { en: ['gift wrap'], ja: ['ギフト包装', 'ラッピング'], th: ['ห่อของขวัญ'], 'zh-TW': ['禮品包裝'] },
    questions: { en: ['Can you gift wrap my order?'], ja: ['ラッピングはできますか？'], th: ['ห่อของขวัญได้ไหม'], 'zh-TW': ['可以幫我包裝禮物嗎？'] },
    answer: { en: 'Yes, choose gift wrapping at checkout.', ja: 'ご注文時に「ギフト包装」をお選びください。', th: 'เลือกห่อของขวัญตอนสั่งซื้อได้เลย', 'zh-TW': '結帳時選擇禮品包裝即可。' },
  });
  content.menu.unshift('gift-wrapping');
  return content;
}

describe('self-service content through the admin API, the real server and the fake LINE API', () => {
  let h: HandoffHarness;
  let agent: TestAgent;
  let adminUser: TestAgent;

  before(async () => {
    h = await HandoffHarness.start();
    agent = await h.createAgent('kenta', undefined);
    adminUser = await h.createAgent('root', undefined, ['admin']);
  });
  after(async () => h.close());

  /** A new Japanese-speaking LINE customer asks about delivery; the bot's first answer. */
  async function japaneseDeliveryAnswer(): Promise<string | undefined> {
    const userId = lineUser();
    h.server.fake.api.setProfile(userId, { displayName: '佐藤', language: 'ja' });
    await h.say(userId, JA_QUESTION);
    return h.textsTo(userId)[0];
  }

  /** The quick-reply labels of the greeting a new Japanese-speaking customer gets on adding the account. */
  async function greetingMenu(): Promise<string[]> {
    const userId = lineUser();
    h.server.fake.api.setProfile(userId, { displayName: '佐藤', language: 'ja' });
    await h.deliver(fixtures.followEvent({ source: fixtures.userSource(userId), replyToken: h.server.fake.api.issueReplyToken(userId) }));
    const greeting = h.deliveredTo(userId).at(-1)?.message;
    return (greeting?.quickReply?.items ?? []).map((item) => String(item.action?.label));
  }

  it('refuses callers who are not admins: 401 without a token, 403 for an agent', async () => {
    const body = { content: SHIPPED_CONTENT, version: 0 };
    for (const [method, withBody] of [['GET', false], ['PUT', true], ['DELETE', false]] as const) {
      const anonymous = await h.call(null, method, PATH, withBody ? body : undefined);
      assert.equal(anonymous.status, 401, `${method} without a token`);
      const asAgent = await h.call(agent.token, method, PATH, withBody ? body : undefined);
      assert.equal(asAgent.status, 403, `${method} as an agent`);
    }
    assert.equal((await h.admin('GET', PATH)).json.version, 0, 'nothing was saved');
  });

  it('serves the file’s content at version 0 until an admin saves', async () => {
    const { json } = await h.admin('GET', PATH);
    assert.equal(json.source, 'file');
    assert.equal(json.version, 0);
    assert.deepEqual(json.content, JSON.parse(JSON.stringify(SHIPPED_CONTENT)));
    assert.equal(json.updatedAt, undefined);
    assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
  });

  it('refuses invalid content with each issue’s JSON path; nothing changes for customers', async () => {
    const content = editedContent();
    topicOf(content, 'returns-refunds').title.th = 'หัวข้อนี้ยาวเกินยี่สิบตัวอักษรแน่นอน';
    topicOf(content, 'payment-methods').answer.ja = '   ';
    const answer = await h.call(adminUser.token, 'PUT', PATH, { content, version: 0 });
    assert.equal(answer.status, 400, answer.text);
    assert.match(String(answer.json.message), /2 problems/);
    assert.deepEqual(answer.json.issues, [
      { jsonPath: 'topics[1].title.th', message: 'must be at most 20 characters' },
      { jsonPath: 'topics[3].answer.ja', message: 'must not be empty' },
    ]);
    assert.equal((await h.admin('GET', PATH)).json.source, 'file');
    assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
  });

  it('refuses a body without a version', async () => {
    const answer = await h.call(adminUser.token, 'PUT', PATH, { content: editedContent() });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.json.field, 'version');
  });

  it('answers customers with saved content at once, and puts a new menu topic in the greeting', async () => {
    assert.ok(!(await greetingMenu()).includes('ギフト包装'));
    const saved = await h.call(adminUser.token, 'PUT', PATH, { content: editedContent(), version: 0 });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.version, 1);
    assert.equal(saved.json.source, 'stored');
    assert.equal(saved.json.updatedBy, 'root');
    assert.ok(!Number.isNaN(Date.parse(String(saved.json.updatedAt))));

    assert.equal(await japaneseDeliveryAnswer(), NEW_ANSWER);
    const menu = await greetingMenu();
    assert.equal(menu[0], 'ギフト包装');
    assert.equal(menu.length, SHIPPED_CONTENT.menu.length + 3, 'the menu topics, a person, the language');
    const read = await h.admin('GET', PATH);
    assert.deepEqual({ version: read.json.version, source: read.json.source, updatedBy: read.json.updatedBy }, { version: 1, source: 'stored', updatedBy: 'root' });
  });

  it('refuses a save from a stale version with 409 and the current version', async () => {
    const content = editedContent();
    topicOf(content, 'delivery-status').answer.ja = '古い版からの上書き';
    const stale = await h.call(HARNESS_ADMIN_KEY, 'PUT', PATH, { content, version: 0 });
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.json.version, 1);
    assert.equal(await japaneseDeliveryAnswer(), NEW_ANSWER);
  });

  it('records the admin key as the author of a save made with it', async () => {
    const content = editedContent();
    topicOf(content, 'delivery-status').answer.ja = `${NEW_ANSWER}（更新）`;
    const saved = await h.admin('PUT', PATH, { content, version: 1 });
    assert.equal(saved.json.version, 2);
    assert.equal(saved.json.updatedBy, 'admin key');
    assert.equal(await japaneseDeliveryAnswer(), `${NEW_ANSWER}（更新）`);
  });

  it('goes back to the file’s content on DELETE', async () => {
    const reset = await h.call(adminUser.token, 'DELETE', PATH);
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.json.source, 'file');
    assert.equal(reset.json.version, 3);
    assert.equal(reset.json.updatedBy, 'root');
    assert.deepEqual(reset.json.content, JSON.parse(JSON.stringify(SHIPPED_CONTENT)));
    assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
    assert.ok(!(await greetingMenu()).includes('ギフト包装'));
  });

  it('ignores a stored document that no longer passes validation: 500 with its issues, the bot unchanged, DELETE repairs it', async () => {
    const saved = await h.admin('PUT', PATH, { content: editedContent(), version: 3 });
    assert.equal(saved.json.version, 4);
    const broken = editedContent();
    broken.menu = ['no-such-topic'];
    const documents = await h.server.app.store.collection<StoredDocument>(SELF_SERVICE_CONTENT_COLLECTION);
    await documents.updateOne({ _id: 'current' }, { $set: { content: broken, version: 5 } });

    const read = await h.call(adminUser.token, 'GET', PATH);
    assert.equal(read.status, 500, read.text);
    assert.deepEqual(read.json.issues, [{ jsonPath: 'menu[0]', message: 'names no topic: "no-such-topic"' }]);
    assert.equal(await japaneseDeliveryAnswer(), NEW_ANSWER, 'the bot keeps its last good content');

    const reset = await h.call(adminUser.token, 'DELETE', PATH);
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.json.version, 6);
    assert.equal(await japaneseDeliveryAnswer(), DELIVERY.answer.ja);
  });

  it('describes the three operations in the OpenAPI document', async () => {
    const document = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    const operations = document.paths[PATH];
    assert.ok(operations, PATH);
    assert.deepEqual(Object.keys(operations).sort(), ['delete', 'get', 'put']);
    assert.ok(operations.put?.responses['409'] && operations.put.responses['400']);
    assert.ok(document.components.schemas.SelfServiceContent);
  });
});
