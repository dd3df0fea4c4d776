import assert from 'node:assert/strict';
import { RoutingConfigurationError } from '../../../src/handoff/routing/routingConfigurationError';
import type { RoutingRule } from '../../../src/handoff/routing/routingModel';
import { routeConversation } from '../../../src/handoff/routing/routingRules';
import { aQueue, byId, someFacts, TOKYO_HOURS } from './routingFixtures';

const FRIDAY_NOON_JST = new Date('2025-06-06T03:00:00Z');
const QUEUES = byId([
  aQueue('general', { languages: ['en', 'ja', 'th', 'zh-TW'], priority: 1 }),
  aQueue('ja-vip', { priority: 8 }),
  aQueue('ja-billing', { priority: 5 }),
  aQueue('th-support', { languages: ['th'], priority: 3 }),
  aQueue('tokyo-office', { hours: TOKYO_HOURS, priority: 4 }),
]);

function rule(id: string, queueId: string, when: RoutingRule['when'], extra: Partial<RoutingRule> = {}): RoutingRule {
  return { id, when, queueId, requiredSkills: [], ...extra };
}

describe('routeConversation', () => {
  it('lets the first matching rule win and carries its skills and priority', () => {
    const rules = [
      rule('vip', 'ja-vip', { customerTagsAny: ['vip', 'gold'] }, { requiredSkills: ['vip-care'], priority: 10 }),
      rule('billing', 'ja-billing', { skills: ['billing'] }, { requiredSkills: ['billing'] }),
    ];
    const vip = routeConversation(someFacts({ skill: 'billing', customerTags: ['vip'] }), rules, QUEUES, 'general', FRIDAY_NOON_JST);
    assert.deepEqual(vip, { queueId: 'ja-vip', requiredSkills: ['vip-care'], priority: 10, ruleId: 'vip', skippedRuleIds: [], outOfHours: false });
    const billing = routeConversation(someFacts({ skill: 'billing' }), rules, QUEUES, 'general', FRIDAY_NOON_JST);
    assert.deepEqual(billing, { queueId: 'ja-billing', requiredSkills: ['billing'], priority: 5, ruleId: 'billing', skippedRuleIds: [], outOfHours: false });
  });

  it('sends what no rule matches to the fallback queue, without skills, at its priority', () => {
    const decision = routeConversation(someFacts({ skill: 'shipping' }), [rule('billing', 'ja-billing', { skills: ['billing'] })], QUEUES, 'general', FRIDAY_NOON_JST);
    assert.deepEqual(decision, { queueId: 'general', requiredSkills: [], priority: 1, skippedRuleIds: [], outOfHours: false });
  });

  it('skips a rule whose queue does not serve the language, so a language without agents falls back', () => {
    const rules = [rule('billing-any-language', 'ja-billing', { skills: ['billing'] }), rule('thai', 'th-support', { languages: ['th'] })];
    const english = routeConversation(someFacts({ language: 'en', skill: 'billing' }), rules, QUEUES, 'general', FRIDAY_NOON_JST);
    assert.equal(english.queueId, 'general');
    assert.equal(english.ruleId, undefined);
    assert.deepEqual(english.skippedRuleIds, ['billing-any-language']);
    const thai = routeConversation(someFacts({ language: 'th', skill: 'billing' }), rules, QUEUES, 'general', FRIDAY_NOON_JST);
    assert.deepEqual([thai.queueId, thai.ruleId, thai.skippedRuleIds], ['th-support', 'thai', ['billing-any-language']]);
  });

  it('skips a rule whose queue is not defined', () => {
    const decision = routeConversation(someFacts(), [rule('stale', 'deleted-queue', {})], QUEUES, 'general', FRIDAY_NOON_JST);
    assert.deepEqual([decision.queueId, decision.skippedRuleIds], ['general', ['stale']]);
  });

  it('requires every condition of a rule: language, skill, topic, LINE account, tags, linked contact', () => {
    const strict = rule('strict', 'ja-billing', {
      languages: ['ja'],
      skills: ['billing'],
      topics: ['refund'],
      lineAccountIds: ['shop-jp'],
      customerTagsAny: ['vip'],
      hasLinkedContact: true,
    });
    const all = someFacts({ skill: 'billing', topic: 'refund', lineAccountId: 'shop-jp', customerTags: ['new', 'vip'], hasLinkedContact: true });
    const route = (facts: ReturnType<typeof someFacts>): string => routeConversation(facts, [strict], QUEUES, 'general', FRIDAY_NOON_JST).queueId;
    assert.equal(route(all), 'ja-billing');
    assert.equal(route({ ...all, language: 'th' }), 'general', 'language');
    assert.equal(route({ ...all, skill: 'shipping' }), 'general', 'skill');
    assert.equal(route(someFacts({ ...all, topic: undefined })), 'general', 'no topic');
    assert.equal(route({ ...all, lineAccountId: 'shop-th' }), 'general', 'LINE account');
    assert.equal(route({ ...all, customerTags: ['new'] }), 'general', 'tags');
    assert.equal(route({ ...all, hasLinkedContact: false }), 'general', 'linked contact');
  });

  it('matches customers without a linked contact when the rule asks for that', () => {
    const rules = [rule('anonymous', 'ja-billing', { hasLinkedContact: false })];
    assert.equal(routeConversation(someFacts({ hasLinkedContact: false }), rules, QUEUES, 'general', FRIDAY_NOON_JST).queueId, 'ja-billing');
    assert.equal(routeConversation(someFacts({ hasLinkedContact: true }), rules, QUEUES, 'general', FRIDAY_NOON_JST).queueId, 'general');
  });

  it('routes by inside or outside a schedule', () => {
    const rules = [
      rule('office', 'tokyo-office', { schedule: { hours: TOKYO_HOURS, inside: true } }),
      rule('after-hours', 'ja-billing', { schedule: { hours: TOKYO_HOURS, inside: false } }),
    ];
    assert.equal(routeConversation(someFacts(), rules, QUEUES, 'general', FRIDAY_NOON_JST).ruleId, 'office');
    assert.equal(routeConversation(someFacts(), rules, QUEUES, 'general', new Date('2025-06-06T10:00:00Z')).ruleId, 'after-hours', 'Fri 19:00 JST');
    assert.equal(routeConversation(someFacts(), rules, QUEUES, 'general', new Date('2025-06-06T16:30:00Z')).ruleId, 'office', 'Sat 01:30 JST');
  });

  it('flags a decision whose queue is out of hours: after the late shift and on a holiday', () => {
    const rules = [rule('office', 'tokyo-office', {})];
    const at = (iso: string): boolean => routeConversation(someFacts(), rules, QUEUES, 'general', new Date(iso)).outOfHours;
    assert.equal(at('2025-06-06T14:00:00Z'), false, 'Fri 23:00 JST');
    assert.equal(at('2025-06-06T16:59:00Z'), false, 'Sat 01:59 JST');
    assert.equal(at('2025-06-06T17:00:00Z'), true, 'Sat 02:00 JST');
    assert.equal(at('2025-01-01T03:00:00Z'), true, 'New Year holiday, Wed 12:00 JST');
    assert.equal(at('2025-01-02T03:00:00Z'), false, 'Thu 2 Jan 12:00 JST');
    const decision = routeConversation(someFacts(), rules, QUEUES, 'general', new Date('2025-01-01T03:00:00Z'));
    assert.deepEqual([decision.queueId, decision.ruleId], ['tokyo-office', 'office'], 'still routed: the caller decides what out of hours means');
  });

  it('fails loudly when the fallback queue is not defined', () => {
    assert.throws(
      () => routeConversation(someFacts(), [], QUEUES, 'nowhere', FRIDAY_NOON_JST),
      (error: unknown) => error instanceof RoutingConfigurationError && error.code === 'unknown_queue',
    );
  });
});
