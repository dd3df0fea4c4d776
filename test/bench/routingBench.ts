import { performance } from 'node:perf_hooks';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../dialogs/language/supportedLanguage';
import { selectAgent } from '../../src/handoff/routing/agentSelection';
import type { Agent, AgentPresence, ConversationFacts, OperatingHours, Proficiency, Queue, QueuedItem, RoutingRule } from '../../src/handoff/routing/routingModel';
import { routeConversation } from '../../src/handoff/routing/routingRules';
import { nextItemForAgent } from '../../src/handoff/routing/queueOrder';
import { summarise } from './latencySummary';
import { seededRandom } from '../support/seededRandom';

/** Latency percentiles of the routing decisions, in milliseconds, and samples per decision. */
export interface RoutingBenchResult {
  readonly routeP50Ms: number;
  readonly routeP99Ms: number;
  readonly selectP50Ms: number;
  readonly selectP99Ms: number;
  readonly nextP50Ms: number;
  readonly nextP99Ms: number;
  readonly samples: number;
}

const SKILLS = ['billing', 'refunds', 'shipping', 'technical', 'account', 'orders', 'complaints', 'sales'] as const;
const TOPICS = ['refund', 'delivery', 'login', 'invoice', 'product', 'other'] as const;
const LINE_ACCOUNTS = ['shop-jp', 'shop-th', 'shop-tw', 'shop-global'] as const;
const QUEUE_COUNT = 20;
const AGENT_COUNT = 1_000;
const ITEM_COUNT = 10_000;
const SAMPLES = 2_000;
const FALLBACK_QUEUE_ID = 'general';

/**
 * Times the pure routing decisions against a seeded, realistic population: 20 queues over the
 * four languages and eight skills, 40 rules, 1,000 agents and 10,000 queued items. Measures
 * `routeConversation` and `selectAgent` (over all agents) for new conversations, and
 * `nextItemForAgent` (over all items) for random agents, 2,000 samples each.
 *
 * @example const { routeP99Ms, selectP99Ms, nextP99Ms } = await measureRouting();
 */
export async function measureRouting(): Promise<RoutingBenchResult> {
  const random = seededRandom(20_250_601);
  const now = Date.UTC(2025, 5, 2, 3, 0, 0);
  const queues = buildQueues(random);
  const queuesById = new Map(queues.map((queue) => [queue.id, queue]));
  const rules = buildRules(random, queues);
  const agents = buildAgents(random, queues, now);
  const items: QueuedItem[] = [];
  for (let i = 0; i < ITEM_COUNT; i += 1) {
    const facts = randomFacts(random, `q${i}`);
    const decision = routeConversation(facts, rules, queuesById, FALLBACK_QUEUE_ID, new Date(now));
    items.push(toItem(random, facts, decision.queueId, decision.requiredSkills, decision.priority, now - Math.floor(random() * 3_600_000)));
  }

  const route: number[] = [];
  const select: number[] = [];
  const next: number[] = [];
  let assigned = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    const facts = randomFacts(random, `n${i}`);
    const at = new Date(now + i * 1_000);
    const t0 = performance.now();
    const decision = routeConversation(facts, rules, queuesById, FALLBACK_QUEUE_ID, at);
    const t1 = performance.now();
    const item = toItem(random, facts, decision.queueId, decision.requiredSkills, decision.priority, at.getTime());
    const t2 = performance.now();
    const agent = selectAgent(item, agents, { skillMatch: i % 2 === 0 ? 'exact' : 'closest' });
    const t3 = performance.now();
    route.push(t1 - t0);
    select.push(t3 - t2);
    if (agent !== undefined) assigned += 1;

    const asking = pick(random, agents);
    const t4 = performance.now();
    nextItemForAgent(asking, items, queuesById);
    next.push(performance.now() - t4);
  }
  // Keeps the selections observable so that the work cannot be optimised away.
  if (assigned < 0) throw new Error('unreachable');

  const r = summarise(route);
  const s = summarise(select);
  const n = summarise(next);
  return { routeP50Ms: r.p50, routeP99Ms: r.p99, selectP50Ms: s.p50, selectP99Ms: s.p99, nextP50Ms: n.p50, nextP99Ms: n.p99, samples: SAMPLES };
}

function buildQueues(random: () => number): Queue[] {
  const tokyoHours: OperatingHours = {
    timeZone: 'Asia/Tokyo',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, opens: '09:00', closes: '21:00' })),
    holidays: ['2025-01-01', '2025-05-05', '2025-09-15'],
  };
  const bangkokHours: OperatingHours = {
    timeZone: 'Asia/Bangkok',
    weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day: day as 0, opens: '20:00', closes: '08:00' })),
    holidays: ['2025-04-14'],
  };
  const queues: Queue[] = [
    { id: FALLBACK_QUEUE_ID, name: 'General', languages: [...SUPPORTED_LANGUAGES], priority: 0, distribution: 'push' },
  ];
  for (let i = 1; i < QUEUE_COUNT; i += 1) {
    const language = SUPPORTED_LANGUAGES[i % SUPPORTED_LANGUAGES.length] ?? 'en';
    const languages: SupportedLanguage[] = i % 5 === 0 ? [language, 'en'] : [language];
    const hours = i % 3 === 0 ? tokyoHours : i % 7 === 0 ? bangkokHours : undefined;
    queues.push({
      id: `queue-${i}`,
      name: `Queue ${i}`,
      languages,
      priority: Math.floor(random() * 10),
      ...(hours ? { hours } : {}),
      distribution: i % 4 === 0 ? 'pick' : 'push',
    });
  }
  return queues;
}

function buildRules(random: () => number, queues: readonly Queue[]): RoutingRule[] {
  const rules: RoutingRule[] = [];
  for (let i = 0; i < 40; i += 1) {
    const queue = queues[1 + (i % (queues.length - 1))] ?? queues[0];
    if (queue === undefined) break;
    const language = queue.languages[0] ?? 'en';
    rules.push({
      id: `rule-${i}`,
      when: {
        // A few rules name a language the queue does not serve, as misconfigurations do.
        languages: i % 9 === 0 ? [pick(random, SUPPORTED_LANGUAGES)] : [language],
        ...(i % 2 === 0 ? { skills: [pick(random, SKILLS)] } : {}),
        ...(i % 3 === 0 ? { topics: [pick(random, TOPICS), pick(random, TOPICS)] } : {}),
        ...(i % 4 === 0 ? { lineAccountIds: [pick(random, LINE_ACCOUNTS)] } : {}),
        ...(i % 5 === 0 ? { customerTagsAny: ['vip'] } : {}),
        ...(i % 6 === 0 ? { hasLinkedContact: true } : {}),
        ...(i % 8 === 0 && queue.hours ? { schedule: { hours: queue.hours, inside: true } } : {}),
      },
      queueId: queue.id,
      requiredSkills: i % 2 === 0 ? [pick(random, SKILLS)] : [pick(random, SKILLS), pick(random, SKILLS)],
      ...(i % 5 === 0 ? { priority: 20 } : {}),
    });
  }
  return rules;
}

function buildAgents(random: () => number, queues: readonly Queue[], now: number): Agent[] {
  const presences: readonly AgentPresence[] = ['available', 'available', 'available', 'available', 'busy', 'away', 'offline'];
  const agents: Agent[] = [];
  for (let i = 0; i < AGENT_COUNT; i += 1) {
    const languages = [...new Set<SupportedLanguage>([pick(random, SUPPORTED_LANGUAGES), ...(random() < 0.4 ? ['en' as const] : [])])];
    const skills: Partial<Record<string, Proficiency>> = {};
    for (let s = 0; s < 2 + Math.floor(random() * 3); s += 1) skills[pick(random, SKILLS)] = (1 + Math.floor(random() * 5)) as Proficiency;
    const serving = queues.filter((queue) => queue.languages.some((language) => languages.includes(language)));
    const queueIds = [FALLBACK_QUEUE_ID, ...new Set([pick(random, serving).id, pick(random, serving).id])];
    const capacity = 2 + Math.floor(random() * 4);
    agents.push({
      id: `agent-${String(i).padStart(4, '0')}`,
      languages,
      skills,
      capacity,
      load: Math.floor(random() * (capacity + 1)),
      presence: pick(random, presences),
      queueIds,
      ...(random() < 0.9 ? { lastAssignedAt: now - Math.floor(random() * 7_200_000) } : {}),
    });
  }
  return agents;
}

function randomFacts(random: () => number, id: string): ConversationFacts {
  return {
    conversationId: id,
    language: pick(random, SUPPORTED_LANGUAGES),
    skill: pick(random, SKILLS),
    topic: pick(random, TOPICS),
    lineAccountId: pick(random, LINE_ACCOUNTS),
    customerTags: random() < 0.1 ? ['vip'] : [],
    hasLinkedContact: random() < 0.5,
  };
}

function toItem(
  random: () => number,
  facts: ConversationFacts,
  queueId: string,
  requiredSkills: readonly string[],
  priority: number,
  enqueuedAt: number,
): QueuedItem {
  return { id: facts.conversationId, queueId, language: facts.language, requiredSkills, priority, enqueuedAt, units: random() < 0.8 ? 1 : 2 };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

