import { setTimeout as sleep } from 'node:timers/promises';
import { textMessageEvent, userSource, webhookBody } from '../fixtures/lineEvents';
import { signWebhook } from '../support/signedWebhook';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { seededRandom } from '../support/seededRandom';

/** The scenario: how customers write and how late agents answer, in real seconds (scaled down to run quickly). */
export interface ReplyShareScenario {
  readonly customers: number;
  /** LINE's reply window as configured (`LINE_REPLY_WINDOW_SECONDS`), in real seconds. */
  readonly windowSeconds: number;
  /** Agents answer a customer's message this long after it, uniformly, in real seconds. */
  readonly answerDelaySeconds: readonly [number, number];
  /** Share of customer turns of two messages in a row (each leaves a token). */
  readonly secondCustomerMessageShare: number;
  /** Share of answers followed by a second agent message a little later. */
  readonly followUpShare: number;
  /** Customer turns per conversation. */
  readonly turns: number;
  /** Time runs this many times faster than it would in a contact centre (the window and delays are divided by it). */
  readonly speedUp: number;
}

/**
 * Agents answering 5–90 s after customers with LINE's window taken as 50 s, run 50 times faster: the window is 1 s,
 * answers come 0.1–1.8 s after the customer's message.
 */
export const DEFAULT_REPLY_SHARE_SCENARIO: ReplyShareScenario = Object.freeze({
  customers: 40,
  windowSeconds: 1,
  answerDelaySeconds: [0.1, 1.8] as const,
  secondCustomerMessageShare: 0.3,
  followUpShare: 0.25,
  turns: 3,
  speedUp: 50,
});

/** What the scenario measured. */
export interface ReplyShareMeasurement {
  readonly scenario: ReplyShareScenario;
  /** Agent messages sent. */
  readonly agentMessages: number;
  /** Of those, sent by reply (free). */
  readonly free: number;
  /** Agent messages with an unanswered customer message younger than 90% of the window when sent: the ones that should go free. */
  readonly withinWindow: number;
  /** Of those, sent free. */
  readonly freeWithinWindow: number;
  /** Agent messages that went neither way (refused or lost). */
  readonly undelivered: number;
}

/**
 * Plays a contact centre's rhythm against the real server and the fake LINE API: customers handed to agents write
 * (sometimes twice in a row), agents answer after a random delay (sometimes with a follow-up), and each agent message
 * is counted free (reply) or paid (push) by what the fake API received. "Within the window" is judged from the outside:
 * a customer message not yet answered by an earlier agent message, younger than 90% of the window when the agent sent
 * (the rest of the window is left to the server's own work).
 *
 * @example const share = await measureReplyShare(DEFAULT_REPLY_SHARE_SCENARIO); share.freeWithinWindow / share.withinWindow
 */
export async function measureReplyShare(scenario: ReplyShareScenario = DEFAULT_REPLY_SHARE_SCENARIO): Promise<ReplyShareMeasurement> {
  const random = seededRandom(16);
  const h = await HandoffHarness.start({ LINE_REPLY_WINDOW_SECONDS: String(scenario.windowSeconds), HANDOFF_QUEUED_ACK_SECONDS: '3600', HANDOFF_ACCEPT_TIMEOUT_SECONDS: '600' });
  try {
    await h.admin('POST', '/api/admin/queues', { id: 'share', name: 'Share', languages: ['ja'], priority: 5, distribution: 'push' });
    await h.admin('POST', '/api/admin/routing-rules', { id: 'share-ja', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'share', requiredSkills: [] });
    const agent = await h.createAgent('share-agent', { displayName: 'Agent', languages: ['ja'], capacity: scenario.customers, queueIds: ['share'] });
    await h.presence(agent, 'available');
    const served = await serveCustomers(h, agent, scenario.customers);
    const viaByText = new Map<string, 'reply' | 'push'>();
    h.server.fake.api.on('delivered', (batch) => {
      for (const message of batch.messages) if (message.type === 'text') viaByText.set(message.text, batch.via);
    });
    const windowMs = scenario.windowSeconds * 1000;
    const sent: { text: string; withinWindow: boolean }[] = [];
    const customer = async (userId: string, handoffId: string, index: number): Promise<void> => {
      // Customer messages not answered yet, by when they arrived.
      const unanswered: number[] = [];
      const agentSends = async (text: string): Promise<void> => {
        const now = Date.now();
        const fresh = unanswered.filter((at) => now - at < windowMs * 0.9);
        const withinWindow = fresh.length > 0;
        if (withinWindow) unanswered.splice(unanswered.indexOf(Math.max(...fresh)), 1);
        sent.push({ text, withinWindow });
        await h.call(agent.token, 'POST', `/api/agent/conversations/${handoffId}/messages`, { text, clientMessageId: text });
      };
      for (let turn = 0; turn < scenario.turns; turn += 1) {
        const messages = random() < scenario.secondCustomerMessageShare ? 2 : 1;
        for (let n = 0; n < messages; n += 1) {
          const replyToken = h.server.fake.api.issueReplyToken(userId);
          const { raw, signature } = signWebhook(webhookBody([textMessageEvent({ source: userSource(userId), message: { text: `customer-${index}-${turn}-${n}` }, replyToken })]), h.server.channelSecret);
          // Not waiting for the server to be idle: the other customers keep it busy, as in real life.
          const response = await fetch(`${h.url}/api/line/default`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
          if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
          unanswered.push(Date.now());
        }
        const [low, high] = scenario.answerDelaySeconds;
        await sleep((low + random() * (high - low)) * 1000);
        await agentSends(`agent-${index}-${turn}`);
        if (random() < scenario.followUpShare) {
          await sleep((2 + random() * 8) * (1000 / scenario.speedUp));
          await agentSends(`agent-${index}-${turn}-more`);
        }
      }
    };
    await Promise.all(served.map(({ userId, handoffId }, index) => customer(userId, handoffId, index)));
    await h.settle();
    const viaOf = (text: string): 'reply' | 'push' | undefined => viaByText.get(text);
    const within = sent.filter((message) => message.withinWindow);
    return {
      scenario,
      agentMessages: sent.length,
      free: sent.filter((message) => viaOf(message.text) === 'reply').length,
      withinWindow: within.length,
      freeWithinWindow: within.filter((message) => viaOf(message.text) === 'reply').length,
      undelivered: sent.filter((message) => viaOf(message.text) === undefined).length,
    };
  } finally {
    await h.close();
  }
}

/** Hands `count` Japanese customers to `agent`, who accepts each; their user and handoff ids. */
async function serveCustomers(h: HandoffHarness, agent: TestAgent, count: number): Promise<{ userId: string; handoffId: string }[]> {
  const served: { userId: string; handoffId: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const userId = `U${(0x5e0000 + index).toString(16).padStart(32, '0')}`;
    h.server.fake.api.setProfile(userId, { displayName: `Customer ${index}`, language: 'ja' });
    await h.say(userId, 'cmd:agent');
    const handoffId = await h.conversationIdFor(agent, userId);
    const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${handoffId}/accept`);
    if (accepted.status !== 200) throw new Error(`accepting ${handoffId} answered ${accepted.status} ${accepted.text}`);
    served.push({ userId, handoffId });
  }
  await h.settle();
  return served;
}

/** The report of {@link measureReplyShare}. */
export function renderReplyShareReport(share: ReplyShareMeasurement): string {
  const { scenario } = share;
  const percent = (part: number, whole: number): string => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);
  const contactCentre = (seconds: number): string => `${Math.round(seconds * scenario.speedUp)} s`;
  return [
    `Agent messages sent free (reply token) vs paid (push): ${scenario.customers} customers, ${scenario.turns} turns each, run ${scenario.speedUp}× faster than real time`,
    `  scenario in contact-centre time: reply window ${contactCentre(scenario.windowSeconds)}; agents answer ${contactCentre(scenario.answerDelaySeconds[0])}–${contactCentre(scenario.answerDelaySeconds[1])} after the customer; ` +
      `${Math.round(scenario.secondCustomerMessageShare * 100)}% of customer turns are two messages; ${Math.round(scenario.followUpShare * 100)}% of answers get a follow-up 2–10 s later`,
    `  agent messages: ${share.agentMessages}; free ${share.free} (${percent(share.free, share.agentMessages)}); undelivered ${share.undelivered}`,
    `  within the window (an unanswered customer message younger than 90% of it): ${share.withinWindow}; of those free: ${share.freeWithinWindow} (${percent(share.freeWithinWindow, share.withinWindow)}; goal ≥ 80%)`,
  ].join('\n');
}
