import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DeliveredMessages } from '../../src/simulator/fakeLineApi';
import { textMessageEvent, userSource, webhookBody } from '../fixtures/lineEvents';
import { HandoffHarness, type TestAgent } from '../support/handoffHarness';
import { signWebhook } from '../support/signedWebhook';
import { AgentApiClient } from './agentApiClient';
import { AgentEventStream, type StreamedEvent } from './agentEventStream';
import { ArrivalTracker, type ArrivalResult } from './arrivalTracker';
import type { BenchOptions } from './benchOptions';
import { paceOpenLoop, type PacingResult } from './openLoopPacer';
import { WebhookClient } from './webhookClient';

/** One measured path: what arrived how fast, and how well the load kept its rate. */
export interface RelayPathResult {
  readonly arrivals: ArrivalResult;
  readonly pacing: PacingResult;
}

/** What the relay section measured. */
export interface RelayMeasurement {
  /** Customers handed off (and, as many, customers only the bot serves); one message each per path. */
  readonly customers: number;
  readonly agents: number;
  readonly capacityPerAgent: number;
  /** Rate each path was offered at, messages per second. */
  readonly ratePerSecond: number;
  /** Rate of the unmeasured warm-up round. */
  readonly warmupRatePerSecond: number;
  /** Escalating every customer and having an agent accept each, in seconds. */
  readonly setupSeconds: number;
  /** A customer's text to the bot → the bot's reply on the fake LINE API. */
  readonly baseline: RelayPathResult;
  /** A handed-off customer's text (webhook POST) → the `message` event on the agent's SSE stream. */
  readonly customerToAgent: RelayPathResult;
  /** An agent's `POST …/messages` → the push on the fake LINE API. */
  readonly agentToCustomer: RelayPathResult;
}

/** Agent profiles accept at most 50 conversations at once. */
const CAPACITY_PER_AGENT = 50;
const QUEUE_ID = 'bench';
/** Customers escalating at once while setting up: enough to be quick, few enough not to time anything out. */
const ESCALATION_BATCH = 20;
/** How long a phase waits for its last messages before counting them lost. */
const DRAIN_MS = 10_000;
const MAX_SOCKETS = 64;
const WARMUP_MAX_RATE = 200;

/** A handed-off customer and who serves them. */
interface Served {
  readonly userId: string;
  readonly handoffId: string;
  readonly agent: TestAgent;
}

/**
 * Measures how long the handoff takes to relay messages between LINE customers and agents, next to the bot's own
 * round trip measured in the same run. Starts the real server in this process (with the embedded store in a
 * temporary DATA_DIR and the fake LINE API), hands `relayMessages` Japanese customers off to agents of a push queue,
 * and has every agent accept; then, after one warm-up round, sends one message per customer on each path at
 * `relayRatePerSecond`, open loop: customer → bot reply (baseline, customers never handed off), customer → agent's
 * event stream, agent → customer's push.
 *
 * @example const relay = await measureRelay(benchOptionsFrom(process.env), (line) => console.log(line));
 */
export async function measureRelay(options: Pick<BenchOptions, 'relayMessages' | 'relayRatePerSecond'>, progress: (line: string) => void): Promise<RelayMeasurement> {
  const count = Math.floor(options.relayMessages);
  const rate = options.relayRatePerSecond;
  const warmupRate = Math.max(rate, Math.min(4 * rate, WARMUP_MAX_RATE));
  const agentCount = Math.ceil(count / CAPACITY_PER_AGENT);
  const h = await HandoffHarness.start();
  const streams: AgentEventStream[] = [];
  const webhook = new WebhookClient(`${h.url}/api/line/default`, MAX_SOCKETS);
  const api = new AgentApiClient(h.url, MAX_SOCKETS);
  // The trackers of the phase running now; arrivals outside a phase find nothing pending and are ignored.
  let inbound = new ArrivalTracker();
  let outbound = new ArrivalTracker();
  let botReplies = new ArrivalTracker();
  const onDelivered = (batch: DeliveredMessages): void => {
    const at = performance.now();
    if (batch.replyToken !== undefined) botReplies.arrived(batch.replyToken, at);
    // Agents' answers go by reply while a customer's unanswered message left a token, else by push.
    for (const message of batch.messages) if (message.type === 'text') outbound.arrived(message.text, at);
  };
  const onStreamed = (event: StreamedEvent): void => {
    if (event.type !== 'message') return;
    const message = (event.data as { message?: { author?: unknown; text?: unknown } }).message;
    if (message?.author === 'customer' && typeof message.text === 'string') inbound.arrived(message.text, event.receivedAt);
  };
  h.server.fake.api.on('delivered', onDelivered);
  try {
    progress(`relay: handing ${count} customers off to ${agentCount} agents (in this process)`);
    const setupStarted = performance.now();
    const served = await handOff(h, count, agentCount);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const botOnly = relayUserIds('bot-only', count);
    for (const [index, userId] of botOnly.entries()) h.server.fake.api.setProfile(userId, { displayName: `Bot-only ${index}`, language: 'ja' });
    for (const agent of new Set(served.map((customer) => customer.agent))) streams.push(await AgentEventStream.open(h.url, agent.token, onStreamed));

    const customerSays = (userId: string, text: string): { key: string; raw: Buffer; signature: string } => {
      const replyToken = h.server.fake.api.issueReplyToken(userId);
      const event = textMessageEvent({ source: userSource(userId), replyToken, timestamp: Date.now(), message: { text } });
      return { key: replyToken, ...signWebhook(webhookBody([event]), h.server.channelSecret) };
    };
    const postWebhook = (tracker: ArrivalTracker, key: string, raw: Buffer, signature: string): void => {
      const sentAt = performance.now();
      tracker.expect(key, sentAt);
      void webhook.post(raw, signature, sentAt).then((ack) => {
        if (ack.status !== 200) tracker.failed(key, ack.error ?? `HTTP ${ack.status}`);
      });
    };
    const phase = async (tracker: ArrivalTracker, phaseRate: number, send: (index: number) => void): Promise<RelayPathResult> => {
      const pacing = await paceOpenLoop(count, phaseRate, send);
      await tracker.settle(DRAIN_MS);
      // The tail of one phase (transcript writes, distribution) must not be timed as part of the next.
      await h.settle();
      return { arrivals: tracker.finish(), pacing };
    };
    const round = async (name: string, phaseRate: number): Promise<[RelayPathResult, RelayPathResult, RelayPathResult]> => {
      botReplies = new ArrivalTracker();
      const baseline = await phase(botReplies, phaseRate, (index) => {
        const { key, raw, signature } = customerSays(botOnly[index] ?? '', 'cmd:menu');
        postWebhook(botReplies, key, raw, signature);
      });
      inbound = new ArrivalTracker();
      const customerToAgent = await phase(inbound, phaseRate, (index) => {
        const text = `relay-in-${name}-${index}`;
        const { raw, signature } = customerSays(served[index]?.userId ?? '', text);
        postWebhook(inbound, text, raw, signature);
      });
      outbound = new ArrivalTracker();
      const agentToCustomer = await phase(outbound, phaseRate, (index) => {
        const customer = served[index];
        if (!customer) return;
        const text = `relay-out-${name}-${index}`;
        const sentAt = performance.now();
        outbound.expect(text, sentAt);
        const tracker = outbound;
        void api.post(`/api/agent/conversations/${customer.handoffId}/messages`, customer.agent.token, { text, clientMessageId: text }).then((answer) => {
          if (answer.status !== 201) tracker.failed(text, answer.error ?? `HTTP ${answer.status}`);
        });
      });
      return [baseline, customerToAgent, agentToCustomer];
    };

    // The first message of a customer the bot has never seen costs more (profile, customer record); the warm-up
    // makes the bot-only customers known, as the handed-off ones are, and warms the code paths.
    progress(`relay: warm-up round, ${count} messages per path at ${warmupRate}/s (not measured)`);
    await round('warmup', warmupRate);
    progress(`relay: ${count} messages per path at ${rate}/s: bot reply (baseline), customer → agent, agent → customer`);
    const [baseline, customerToAgent, agentToCustomer] = await round('measured', rate);
    return { customers: count, agents: agentCount, capacityPerAgent: CAPACITY_PER_AGENT, ratePerSecond: rate, warmupRatePerSecond: warmupRate, setupSeconds, baseline, customerToAgent, agentToCustomer };
  } finally {
    h.server.fake.api.off('delivered', onDelivered);
    const closing = await Promise.allSettled(streams.map((stream) => stream.close()));
    webhook.close();
    api.close();
    await h.close();
    const failure = closing.find((result) => result.status === 'rejected');
    if (failure) throw new Error('an agent event stream failed during the relay benchmark', { cause: failure.reason });
  }
}

/**
 * Sets up the queue, its routing rule and `agentCount` available agents, escalates `count` Japanese customers with
 * `cmd:agent` and has the offered agent accept each; fails unless every customer ends up assigned.
 */
async function handOff(h: HandoffHarness, count: number, agentCount: number): Promise<Served[]> {
  await h.admin('POST', '/api/admin/queues', { id: QUEUE_ID, name: 'Bench', languages: ['ja'], priority: 5, distribution: 'push' });
  await h.admin('POST', '/api/admin/routing-rules', { id: 'bench-ja', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: QUEUE_ID, requiredSkills: [] });
  const agents: TestAgent[] = [];
  for (let index = 0; index < agentCount; index += 1) {
    const agent = await h.createAgent(`bench-agent-${index}`, { displayName: `Agent ${index}`, languages: ['ja'], capacity: CAPACITY_PER_AGENT, queueIds: [QUEUE_ID] });
    await h.presence(agent, 'available');
    agents.push(agent);
  }

  const userIds = relayUserIds('handed-off', count);
  for (const [index, userId] of userIds.entries()) h.server.fake.api.setProfile(userId, { displayName: `Customer ${index}`, language: 'ja' });
  for (let start = 0; start < userIds.length; start += ESCALATION_BATCH) {
    await Promise.all(userIds.slice(start, start + ESCALATION_BATCH).map((userId) => h.say(userId, 'cmd:agent')));
  }

  const byConversation = new Map<string, Served>();
  const wanted = new Map(userIds.map((userId) => [`default:user:${userId}`, userId]));
  for (const agent of agents) {
    for (const item of await h.conversationsOf(agent)) {
      const userId = wanted.get(String(item.conversationId));
      if (userId === undefined || item.offeredAgentId !== agent.id || item.state !== 'queued') continue;
      const handoffId = String(item.id);
      const accepted = await h.call(agent.token, 'POST', `/api/agent/conversations/${handoffId}/accept`);
      if (accepted.status !== 200) throw new Error(`accepting ${handoffId} answered ${accepted.status} ${accepted.text}`);
      byConversation.set(handoffId, { userId, handoffId, agent });
    }
  }
  await h.settle();
  if (byConversation.size !== count) throw new Error(`only ${byConversation.size} of ${count} customers were offered to an agent and accepted`);
  // Messages go out in the customers' order, so consecutive ones land on different agents as distribution spread them.
  const order = new Map(userIds.map((userId, index) => [userId, index]));
  return [...byConversation.values()].sort((a, b) => (order.get(a.userId) ?? 0) - (order.get(b.userId) ?? 0));
}

/** `count` distinct LINE user ids (`U` and 32 hex digits) of one role, disjoint from the other sections' users. */
function relayUserIds(role: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `U${createHash('md5').update(`relay-${role}-${index}`).digest('hex')}`);
}
