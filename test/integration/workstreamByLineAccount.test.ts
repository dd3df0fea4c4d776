import assert from 'node:assert/strict';
import { EN_TEXTS } from '../../dialogs/texts/en';
import * as fixtures from '../fixtures/lineEvents';
import { HARNESS_ADMIN_KEY, HandoffHarness } from '../support/handoffHarness';
import { signWebhook } from '../support/signedWebhook';

const SECOND_SECRET = 'abcdefabcdefabcdefabcdefabcdef12';
const SECOND_TOKEN = 'second-shop-token-0123456789';
const ON_DEFAULT = `U${'d1'.padStart(32, '0')}`;
const ON_SECOND = `U${'d2'.padStart(32, '0')}`;
const BOTH_LANGUAGES_USER = `U${'d3'.padStart(32, '0')}`;

describe('workstreams bound to LINE accounts', () => {
  let h: HandoffHarness;
  let secondId: string;

  beforeEach(async () => {
    h = await HandoffHarness.start({}, undefined, [SECOND_TOKEN]);
    // A second LINE account, with its own token and secret.
    const created = await h.admin('POST', '/api/admin/channels/line', { name: 'Second shop', channelId: '2009999999', channelSecret: SECOND_SECRET, channelAccessToken: SECOND_TOKEN });
    secondId = String(created.json.id);
    await h.admin('POST', '/api/admin/workstreams', { id: 'web-en', name: 'English', language: 'en', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: true });
    await h.admin('POST', '/api/admin/workstreams', { id: 'second-en', name: 'Second shop (en)', language: 'en', surveyEnabled: false, allowCustomerAttachments: false, allowAgentAttachments: false, lineAccountId: secondId });
  });
  afterEach(() => h.close());

  async function sayOnSecond(userId: string, text: string): Promise<void> {
    const event = fixtures.textMessageEvent({ source: fixtures.userSource(userId), message: { text }, replyToken: h.server.fake.api.issueReplyToken(userId) });
    const { raw, signature } = signWebhook(fixtures.webhookBody([event]), SECOND_SECRET);
    const response = await fetch(`${h.url}/api/line/${secondId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
    assert.equal(response.status, 200);
    await h.settle();
  }

  it('a conversation from the bound account takes its workstream; the other account keeps the language-only choice', async () => {
    const agent = await h.createAgent('nora', { displayName: 'Nora', languages: ['en'], capacity: 5, queueIds: ['general'] });
    for (const userId of [ON_DEFAULT, ON_SECOND]) h.server.fake.api.setProfile(userId, { displayName: userId.slice(-2), language: 'en' });
    await h.say(ON_DEFAULT, 'cmd:agent');
    await sayOnSecond(ON_SECOND, 'cmd:agent');
    await h.presence(agent, 'available');
    const views = await h.conversationsOf(agent);
    const byAccount = new Map(views.map((view) => [String(view.lineAccountId), String(view.workstreamId)]));
    assert.equal(byAccount.get('default'), 'web-en');
    assert.equal(byAccount.get(secondId), 'second-en');
  });

  it('the bound workstream’s switches apply: no survey at the end for the second account, a survey for the default one', async () => {
    const agent = await h.createAgent('nora', { displayName: 'Nora', languages: ['en'], capacity: 5, queueIds: ['general'] });
    for (const userId of [ON_DEFAULT, ON_SECOND]) h.server.fake.api.setProfile(userId, { displayName: userId.slice(-2), language: 'en' });
    await h.say(ON_DEFAULT, 'cmd:agent');
    await sayOnSecond(ON_SECOND, 'cmd:agent');
    await h.presence(agent, 'available');
    for (const view of await h.conversationsOf(agent)) {
      const id = String(view.id);
      if (view.state !== 'assigned') assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
      assert.equal((await h.call(agent.token, 'POST', `/api/agent/conversations/${id}/close`)).status, 200);
    }
    await h.settle();
    const asked = (userId: string): boolean => h.textsTo(userId).includes(EN_TEXTS.ratingQuestion);
    assert.equal(asked(ON_DEFAULT), true, 'the language-only workstream asks for a rating');
    assert.equal(asked(ON_SECOND), false, 'the second account’s workstream has the survey off');
  });

  it('the admin API keeps the binding and refuses a malformed account id naming the field', async () => {
    const read = await h.admin('GET', '/api/admin/workstreams/second-en');
    assert.equal(read.json.lineAccountId, secondId);
    const refused = await h.call(HARNESS_ADMIN_KEY, 'POST', '/api/admin/workstreams', { id: 'bad', name: 'Bad', language: 'en', surveyEnabled: true, allowCustomerAttachments: true, allowAgentAttachments: true, lineAccountId: 'Not An Id!' });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.field, 'lineAccountId');
  });

  it('a customer in another language than the account’s workstreams still gets the account’s workstream', async () => {
    const agent = await h.createAgent('nora', { displayName: 'Nora', languages: ['en', 'ja'], capacity: 5, queueIds: ['general'] });
    h.server.fake.api.setProfile(BOTH_LANGUAGES_USER, { displayName: 'Ken', language: 'ja' });
    await sayOnSecond(BOTH_LANGUAGES_USER, 'cmd:agent');
    await h.presence(agent, 'available');
    const [view] = await h.conversationsOf(agent);
    assert.equal(view?.workstreamId, 'second-en');
  });
});
