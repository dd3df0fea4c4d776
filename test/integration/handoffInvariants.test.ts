import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignmentStore } from '../../src/handoff/assignmentStore';
import { WITH_PEOPLE, type HandoffConversation } from '../../src/handoff/handoffConversation';
import { HandoffConversationRepository } from '../../src/handoff/handoffConversationRepository';
import { followEvent, unfollowEvent, userSource } from '../fixtures/lineEvents';
import { HANDOFF_TRANSITIONS } from '../../src/handoff/handoffTransitions';
import { HandoffHarness, HARNESS_ADMIN_KEY, type TestAgent } from '../support/handoffHarness';
import { seededRandom } from '../support/seededRandom';

const CUSTOMERS = [
  { userId: `U${'a1'.padStart(32, '0')}`, name: 'Hana', language: 'ja' },
  { userId: `U${'a2'.padStart(32, '0')}`, name: 'Riku', language: 'ja' },
  { userId: `U${'a3'.padStart(32, '0')}`, name: 'Emma', language: 'en' },
  { userId: `U${'a4'.padStart(32, '0')}`, name: 'Sora', language: 'ja' },
  { userId: `U${'a5'.padStart(32, '0')}`, name: 'Liam', language: 'en' },
] as const;
const AGENTS = [
  { username: 'aiko', displayName: 'Aiko', languages: ['ja', 'en'], capacity: 2 },
  { username: 'ben', displayName: 'Ben', languages: ['ja'], capacity: 1 },
  { username: 'carl', displayName: 'Carl', languages: ['en'], capacity: 1 },
] as const;
const STEPS = 120;

type Customer = (typeof CUSTOMERS)[number];
type Step = { readonly name: string; readonly run: () => Promise<void> };

/**
 * Random sequences (seeded, so a failure is replayed from its seed) of what customers, agents, supervisors, sweeps,
 * restarts and processes dying between two writes do, through the webhook and the HTTP API; after every step the handoff's invariants must hold.
 */
describe('handoff invariants under random customer, agent, supervisor, sweep and restart steps', function () {
  this.timeout(120_000);

  for (const seed of [7, 1913]) {
    it(`keeps one state per conversation, capacity equal to assigned work, bot and handoff agreeing, and every queued customer routed (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
      const dataDir = await mkdtemp(join(tmpdir(), 'handoff-invariants-'));
      let elapsedMs = 0;
      let h = await HandoffHarness.start({ DATA_DIR: dataDir, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '60', HANDOFF_INACTIVITY_CLOSE_MINUTES: '30' });
      const agents = new Map<string, TestAgent>();
      try {
        await h.admin('POST', '/api/admin/queues', { id: 'ja-support', name: 'サポート', languages: ['ja'], priority: 5, distribution: 'push' });
        await h.admin('POST', '/api/admin/routing-rules', { id: 'japanese', name: 'Japanese', order: 10, when: { languages: ['ja'] }, queueId: 'ja-support', requiredSkills: [] });
        for (const agent of AGENTS) {
          agents.set(agent.username, await h.createAgent(agent.username, { displayName: agent.displayName, languages: [...agent.languages], capacity: agent.capacity, queueIds: ['ja-support', 'general'] }));
        }
        for (const customer of CUSTOMERS) h.server.fake.api.setProfile(customer.userId, { displayName: customer.name, language: customer.language });

        const repositories = async () => ({ conversations: await HandoffConversationRepository.open(h.server.app.store), assignments: await AssignmentStore.open(h.server.app.store) });
        let { conversations, assignments } = await repositories();
        const recordOf = (customer: Customer) => conversations.find({ conversationId: `default:user:${customer.userId}` });
        const agentList = () => [...agents.values()];
        const supervisor = (method: string, path: string, body?: unknown) => h.call(HARNESS_ADMIN_KEY, method, path, body);

        const customerSteps = (customer: Customer): Step[] => [
          {
            name: `${customer.name} asks for a person`,
            run: async () => {
              await h.say(customer.userId, 'cmd:agent');
              const records = await recordOf(customer);
              assert.ok(records[0] && WITH_PEOPLE.includes(records[0].state), `after asking, ${customer.name} is ${records[0]?.state ?? 'unknown to the handoff'}`);
            },
          },
          {
            name: `${customer.name} asks for a person`,
            run: async () => {
              await h.say(customer.userId, 'cmd:agent');
              const records = await recordOf(customer);
              // The bot and the handoff agree: asking always leaves the customer with people, never "recorded" into the void.
              assert.ok(records[0] && WITH_PEOPLE.includes(records[0].state), `after asking, ${customer.name} is ${records[0]?.state ?? 'unknown to the handoff'}`);
            },
          },
          { name: `${customer.name} writes`, run: () => h.say(customer.userId, 'hello?') },
          {
            name: `${customer.name} cancels`,
            run: async () => {
              const before = (await recordOf(customer))[0]?.state;
              await h.say(customer.userId, 'cancel');
              if (before === 'queued') assert.equal((await recordOf(customer))[0]?.state, 'closed', 'a queued request is withdrawn');
            },
          },
          {
            name: `${customer.name} blocks and unblocks`,
            run: async () => {
              await h.deliver(unfollowEvent({ source: userSource(customer.userId) }));
              const state = (await recordOf(customer))[0]?.state;
              assert.ok(state === undefined || state === 'closed', `blocked, the conversation is ${state}`);
              await h.deliver(followEvent({ source: userSource(customer.userId), replyToken: h.server.fake.api.issueReplyToken(customer.userId) }));
            },
          },
        ];

        const agentSteps = async (agent: TestAgent): Promise<Step[]> => {
          const mine = (await conversations.find({})).filter((record) => record.agentId === agent.id || record.offeredAgentId === agent.id);
          const own = (state: HandoffConversation['state']) => mine.filter((record) => record.state === state && record.agentId === agent.id);
          const offered = mine.filter((record) => record.state === 'queued' && record.offeredAgentId === agent.id);
          const act = (path: string, body?: unknown) => async () => {
            await h.call(agent.token, 'POST', path, body);
            await h.settle();
          };
          const available: Step = { name: `${agent.username} goes available`, run: () => h.presence(agent, 'available') };
          const steps: Step[] = [available, available, { name: `${agent.username} goes offline`, run: () => h.presence(agent, 'offline') }];
          const take = pick(offered);
          if (take) {
            // Offers are mostly accepted, as at a real desk.
            const accept: Step = { name: `${agent.username} accepts`, run: act(`/api/agent/conversations/${take.id}/accept`) };
            steps.push(accept, accept, accept, accept, { name: `${agent.username} declines`, run: act(`/api/agent/conversations/${take.id}/decline`) });
          }
          const served = pick([...own('assigned'), ...own('waiting'), ...own('wrapUp')]);
          if (served) steps.push({ name: `${agent.username} closes`, run: act(`/api/agent/conversations/${served.id}/close`) });
          const assigned = pick(own('assigned'));
          if (assigned) {
            const other = pick(agentList().filter((candidate) => candidate.id !== agent.id));
            steps.push({ name: `${agent.username} steps away`, run: act(`/api/agent/conversations/${assigned.id}/wait`) });
            if (other) steps.push({ name: `${agent.username} transfers to ${other.username}`, run: act(`/api/agent/conversations/${assigned.id}/transfer`, { agentId: other.id }) });
          }
          return steps;
        };

        const supervisorSteps = async (): Promise<Step[]> => {
          const open = (await conversations.find({})).filter((record) => record.state !== 'closed');
          const target = pick(open);
          const agent = pick(agentList());
          if (!target || !agent) return [];
          const act = (path: string, body?: unknown) => async () => {
            await supervisor('POST', path, body);
            await h.settle();
          };
          return [
            { name: `supervisor assigns to ${agent.username}`, run: act(`/api/supervisor/conversations/${target.id}/assign`, { agentId: agent.id }) },
            { name: `supervisor transfers to ${agent.username}`, run: act(`/api/supervisor/conversations/${target.id}/transfer`, { agentId: agent.id }) },
            { name: 'supervisor closes', run: act(`/api/supervisor/conversations/${target.id}/close`) },
          ];
        };

        const sweepStep: Step = {
          name: 'time passes and the sweep runs',
          run: async () => {
            const ms = pick([0, 20_000, 45_000, 90_000, 31 * 60_000]) ?? 0;
            elapsedMs += ms;
            h.clock.advance(ms);
            await h.sweep();
          },
        };
        const halfDoneStep = async (): Promise<Step[]> => {
          const open = (await conversations.find({})).filter((record) => record.state !== 'closed');
          const target = pick(open);
          if (!target) return [];
          const sweepTwice = async () => {
            // Repair waits for a second sighting, so that an operation in flight is never taken for a half-done one.
            await h.sweep();
            elapsedMs += 31_000;
            h.clock.advance(31_000);
            await h.sweep();
          };
          return [
            {
              name: 'a process dies after closing a record, before its work item',
              run: async () => {
                await conversations.transition(target.id, { states: [target.state] }, { $set: { state: 'closed', closedAt: h.clock.now(), closeReason: 'inactivity' } });
                await sweepTwice();
              },
            },
            {
              name: 'a process dies after withdrawing a work item, before its record',
              run: async () => {
                await assignments.withdraw(target.id);
                await sweepTwice();
              },
            },
          ];
        };
        const restartStep: Step = {
          name: 'the server restarts',
          run: async () => {
            await h.close();
            h = await HandoffHarness.start({ DATA_DIR: dataDir, HANDOFF_ACCEPT_TIMEOUT_SECONDS: '30', HANDOFF_WRAP_UP_SECONDS: '60', HANDOFF_INACTIVITY_CLOSE_MINUTES: '30' });
            h.clock.advance(elapsedMs);
            for (const customer of CUSTOMERS) h.server.fake.api.setProfile(customer.userId, { displayName: customer.name, language: customer.language });
            for (const agent of AGENTS) {
              const login = await h.call(null, 'POST', '/api/auth/login', { username: agent.username, password: `${agent.username}-password-1` });
              assert.equal(login.status, 200, login.text);
              const before = agents.get(agent.username);
              if (before) agents.set(agent.username, { ...before, token: String(login.json.token) });
            }
            ({ conversations, assignments } = await repositories());
          },
        };

        const history: string[] = [];
        for (let index = 0; index < STEPS; index += 1) {
          const roll = random();
          let candidates: Step[];
          if (roll < 0.4) candidates = customerSteps(pick(CUSTOMERS) ?? CUSTOMERS[0]);
          else if (roll < 0.75) candidates = await agentSteps(pick(agentList()) ?? agentList()[0]!);
          else if (roll < 0.85) candidates = await supervisorSteps();
          else if (roll < 0.94) candidates = [sweepStep];
          else if (roll < 0.98) candidates = await halfDoneStep();
          else candidates = [restartStep];
          const step = pick(candidates);
          if (!step) continue;
          history.push(step.name);
          try {
            await step.run();
            await h.settle();
            await checkInvariants(conversations, assignments);
          } catch (error) {
            throw new Error(`seed ${seed}, step ${index + 1} (${step.name}) after: ${history.slice(-8, -1).join(' → ')}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }
        }
        assert.ok(history.length > STEPS / 2, 'the steps ran');
      } finally {
        await h.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});

/** The invariants, read straight from the store (the handoff records and the assignment store). */
async function checkInvariants(conversations: HandoffConversationRepository, assignments: AssignmentStore): Promise<void> {
  const records = await conversations.find({});
  // One state per conversation: one record per conversation id, in a state the transition table knows.
  const known = new Set(Object.values(HANDOFF_TRANSITIONS).flatMap((row) => [row.to, ...row.from]));
  assert.equal(new Set(records.map((record) => record.conversationId)).size, records.length, 'one record per conversation');
  const heldBy = new Map<string, number>();
  for (const record of records) {
    assert.ok(known.has(record.state), `state ${record.state}`);
    const work = await assignments.get(record.id);
    const where = `${record.conversationId} (${record.state})`;
    switch (record.state) {
      case 'queued':
        // No customer left queued without a route: their work item waits in the same queue, or is offered.
        assert.ok(work && (work.state === 'queued' || work.state === 'offered'), `${where}: work item ${work?.state}`);
        assert.equal(work.queueId, record.queueId, `${where}: queue`);
        if (record.offeredAgentId !== undefined) assert.equal(work.agentId, record.offeredAgentId, `${where}: offered to`);
        break;
      case 'assigned':
        assert.ok(work?.state === 'assigned' && work.agentId === record.agentId, `${where}: work item ${work?.state} of ${work?.agentId}, record of ${record.agentId}`);
        break;
      case 'waiting':
        assert.ok(!work || work.state === 'closed', `${where}: work item ${work?.state}`);
        break;
      case 'wrapUp':
        assert.ok(!work || work.state === 'closed' || (work.state === 'assigned' && work.agentId === record.agentId), `${where}: work item ${work?.state}`);
        break;
      case 'closed':
        assert.ok(!work || work.state === 'closed', `${where}: work item ${work?.state}`);
        break;
    }
    if (work && (work.state === 'offered' || work.state === 'assigned') && work.agentId !== undefined) heldBy.set(work.agentId, (heldBy.get(work.agentId) ?? 0) + work.units);
  }
  // Each agent's capacity in use equals the conversations offered to or assigned to them (wrap-up included).
  for (const agent of await assignments.listAgents()) {
    assert.equal(agent.capacity - agent.free, heldBy.get(agent.id) ?? 0, `load of ${agent.id}`);
  }
}
