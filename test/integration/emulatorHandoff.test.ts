import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_AUTOMATED_MESSAGES, renderTemplate } from '../../dialogs/texts/automatedMessages';
import { EN_TEXTS } from '../../dialogs/texts/en';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { eventually } from '../support/eventually';

const EN = DEFAULT_AUTOMATED_MESSAGES.en;

/** A stand-in for the Emulator's connector: it records what the bot (and the agent, through it) sends. */
/** An activity the connector received, as far as these tests read it. */
interface ReceivedActivity {
  type?: string;
  text?: string;
  suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  attachments?: { contentType: string; contentUrl?: string }[];
}

async function startConnector(): Promise<{ url: string; texts: () => string[]; bodies: () => ReceivedActivity[]; server: Server }> {
  const bodies: ReceivedActivity[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString() || '{}') as ReceivedActivity);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${bodies.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const texts = (): string[] => bodies.filter((body) => body.type === 'message' && typeof body.text === 'string').map((body) => body.text as string);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, texts, bodies: () => bodies, server };
}

describe('an Emulator conversation handed to an agent', () => {
  let h: HandoffHarness;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let eve: TestAgent;
  let sequence = 0;

  before(async () => {
    h = await HandoffHarness.start();
    connector = await startConnector();
    eve = await h.createAgent('eve', { displayName: 'Eve', languages: ['en'], capacity: 2, queueIds: ['general'] });
    await h.presence(eve, 'available');
  });
  after(async () => {
    await h.close();
    connector.server.close();
  });

  async function userSays(text: string): Promise<void> {
    sequence += 1;
    const activity = {
      type: 'message',
      id: `act-${sequence}`,
      text,
      channelId: 'emulator',
      serviceUrl: connector.url,
      conversation: { id: 'conv-7|livechat' },
      from: { id: 'user-7', name: 'Olivia', role: 'user' },
      recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
      timestamp: new Date().toISOString(),
      locale: 'en-US',
    };
    const response = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    assert.ok(response.status === 200 || response.status === 202, `status ${response.status}`);
    await h.settle();
  }

  it('queues, relays both ways through the connector, and ends with the survey', async () => {
    await userSays('I want to talk to a person');
    await eventually(() => assert.ok(connector.texts().length >= 2, 'the confirmation and the place in the queue'));
    assert.deepEqual(connector.texts(), [renderTemplate(EN.requestReceived, { QueueName: 'General' }), renderTemplate(EN.positionInQueue, { Position: 1 })]);

    const [offered] = await h.conversationsOf(eve);
    assert.equal(offered?.channelId, 'emulator');
    assert.equal(offered?.offeredAgentId, eve.id);
    const id = String(offered?.id);
    assert.equal((await h.call(eve.token, 'POST', `/api/agent/conversations/${id}/accept`)).status, 200);
    await eventually(() => assert.ok(connector.texts().includes(renderTemplate(EN.agentAssigned, { AgentName: 'Eve' })), 'the agent-assigned message'));

    const before = connector.texts().length;
    await userSays('My invoice shows the wrong address');
    assert.equal(connector.texts().length, before, 'the bot keeps quiet while Eve serves the customer');
    const transcript = (await h.call(eve.token, 'GET', `/api/agent/conversations/${id}/transcript`)).json.items as { text?: string }[];
    assert.ok(transcript.some((item) => item.text === 'My invoice shows the wrong address'));

    const sent = await h.call(eve.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'Let me fix that for you.' });
    assert.equal(sent.status, 201, sent.text);
    await eventually(() => assert.ok(connector.texts().includes('Let me fix that for you.'), 'the agent message at the Emulator'));

    // Quick replies become suggested actions, a sticker its picture, and writing a typing indicator.
    const rich = await h.call(eve.token, 'POST', `/api/agent/conversations/${id}/messages`, { text: 'Which one?', quickReplies: ['Refund', 'Exchange'], sticker: { packageId: '446', stickerId: '1988' } });
    assert.equal(rich.status, 201, rich.text);
    await eventually(() => assert.ok(connector.texts().includes('Which one?'), 'the rich agent message at the Emulator'));
    const received = connector.bodies().find((body) => body.text === 'Which one?');
    assert.deepEqual(received?.suggestedActions?.actions.map((action) => [action.type, action.title, action.value]), [
      ['imBack', 'Refund', 'Refund'],
      ['imBack', 'Exchange', 'Exchange'],
    ]);
    assert.deepEqual(received?.attachments?.map((attachment) => [attachment.contentType, attachment.contentUrl]), [['image/png', 'https://stickershop.line-scdn.net/stickershop/v1/sticker/1988/android/sticker.png']]);
    assert.equal((await h.call(eve.token, 'POST', `/api/agent/conversations/${id}/typing`)).status, 204);
    await eventually(() => assert.ok(connector.bodies().some((body) => body.type === 'typing'), 'a typing indicator at the Emulator'));

    assert.equal((await h.call(eve.token, 'POST', `/api/agent/conversations/${id}/close`)).json.state, 'wrapUp');
    await eventually(() => assert.ok(connector.texts().includes(EN_TEXTS.ratingQuestion), 'the survey'));
    assert.deepEqual(connector.texts().slice(-2), [EN.conversationEnded, EN_TEXTS.ratingQuestion]);
    await userSays('4');
    await eventually(() => assert.equal(connector.texts().at(-1), EN_TEXTS.commentQuestion, 'the comment question: the bot has the customer again'));
  });
});
