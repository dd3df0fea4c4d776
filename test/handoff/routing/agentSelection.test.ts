import assert from 'node:assert/strict';
import { selectAgent } from '../../../src/handoff/routing/agentSelection';
import { anAgent, anItem } from './routingFixtures';

const ids = (agent: { id: string } | undefined): string | undefined => agent?.id;

describe('selectAgent', () => {
  it('offers only to available agents', () => {
    const agents = [anAgent('busy', { presence: 'busy' }), anAgent('away', { presence: 'away' }), anAgent('offline', { presence: 'offline' })];
    assert.equal(selectAgent(anItem('i1'), agents), undefined);
    assert.equal(ids(selectAgent(anItem('i1'), [...agents, anAgent('on')])), 'on');
  });

  it('requires the queue and the language', () => {
    const agents = [anAgent('other-queue', { queueIds: ['th-support'] }), anAgent('english', { languages: ['en'] })];
    assert.equal(selectAgent(anItem('i1'), agents), undefined);
    assert.equal(ids(selectAgent(anItem('i1', { language: 'en' }), [anAgent('bilingual', { languages: ['ja', 'en'] })])), 'bilingual');
  });

  it('respects capacity: free units must cover the item', () => {
    const full = anAgent('full', { capacity: 3, load: 3 });
    const oneLeft = anAgent('one-left', { capacity: 3, load: 2 });
    assert.equal(ids(selectAgent(anItem('small', { units: 1 }), [full, oneLeft])), 'one-left');
    assert.equal(selectAgent(anItem('big', { units: 2 }), [full, oneLeft]), undefined);
  });

  it('picks the agent with the most free capacity', () => {
    const agents = [anAgent('a', { capacity: 5, load: 4 }), anAgent('b', { capacity: 4, load: 1 }), anAgent('c', { capacity: 2, load: 0 })];
    assert.equal(ids(selectAgent(anItem('i1'), agents)), 'b');
  });

  it('breaks ties round robin: least recently assigned, never assigned first, then id', () => {
    const recent = anAgent('a-recent', { lastAssignedAt: 2_000 });
    const older = anAgent('b-older', { lastAssignedAt: 1_000 });
    assert.equal(ids(selectAgent(anItem('i1'), [recent, older])), 'b-older');
    assert.equal(ids(selectAgent(anItem('i1'), [recent, older, anAgent('z-new')])), 'z-new');
    assert.equal(ids(selectAgent(anItem('i1'), [anAgent('y'), anAgent('x')])), 'x');
  });

  it('rotates across successive assignments when the caller records them', () => {
    let agents = [anAgent('a', { lastAssignedAt: 1 }), anAgent('b', { lastAssignedAt: 2 }), anAgent('c', { lastAssignedAt: 3 })];
    const chosen: string[] = [];
    for (let t = 10; t < 16; t += 1) {
      const agent = selectAgent(anItem(`i${t}`), agents);
      assert.ok(agent);
      chosen.push(agent.id);
      agents = agents.map((candidate) => (candidate.id === agent.id ? { ...candidate, lastAssignedAt: t } : candidate));
    }
    assert.deepEqual(chosen, ['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('gives a returning customer their preferred agent when eligible, even with less free capacity', () => {
    const agents = [anAgent('roomy', { capacity: 5 }), anAgent('previous', { capacity: 3, load: 2 })];
    assert.equal(ids(selectAgent(anItem('i1', { preferredAgentId: 'previous' }), agents)), 'previous');
  });

  it('ignores affinity when the preferred agent is not eligible', () => {
    const agents = [anAgent('roomy', { capacity: 5 }), anAgent('previous', { presence: 'away' })];
    assert.equal(ids(selectAgent(anItem('i1', { preferredAgentId: 'previous' }), agents)), 'roomy');
    const declined = selectAgent(anItem('i1', { preferredAgentId: 'previous' }), [anAgent('roomy'), anAgent('previous')], { excludedAgentIds: new Set(['previous']) });
    assert.equal(ids(declined), 'roomy');
  });

  it('exact mode requires every required skill', () => {
    const item = anItem('i1', { requiredSkills: ['billing', 'refunds'] });
    const partial = anAgent('partial', { skills: { billing: 5 }, capacity: 9 });
    const complete = anAgent('complete', { skills: { billing: 1, refunds: 1 } });
    assert.equal(ids(selectAgent(item, [partial, complete])), 'complete');
    assert.equal(ids(selectAgent(item, [partial, complete], { skillMatch: 'exact' })), 'complete');
    assert.equal(selectAgent(item, [partial]), undefined);
  });

  it('closest mode prefers the most required skills, then the highest total proficiency, then free capacity', () => {
    const item = anItem('i1', { requiredSkills: ['billing', 'refunds', 'legal'] });
    const closest = { skillMatch: 'closest' } as const;
    const none = anAgent('none', { capacity: 9 });
    const oneExpert = anAgent('one-expert', { skills: { billing: 5 }, capacity: 9 });
    const twoNovice = anAgent('two-novice', { skills: { billing: 1, refunds: 1 } });
    const twoSkilled = anAgent('two-skilled', { skills: { billing: 3, refunds: 2, sales: 5 } });
    assert.equal(ids(selectAgent(item, [none, oneExpert, twoNovice], closest)), 'two-novice');
    assert.equal(ids(selectAgent(item, [none, oneExpert, twoNovice, twoSkilled], closest)), 'two-skilled');
    assert.equal(ids(selectAgent(item, [none], closest)), 'none', 'closest still assigns when nobody has a skill');
    assert.equal(selectAgent(item, [none, oneExpert, twoNovice, twoSkilled]), undefined, 'nobody has all three');
    const sameSkills = [anAgent('tight', { skills: { billing: 3 }, load: 2 }), anAgent('free', { skills: { billing: 3 } })];
    assert.equal(ids(selectAgent(item, sameSkills, closest)), 'free');
  });

  it('excludes agents who declined or timed out on the item', () => {
    const agents = [anAgent('declined', { capacity: 9 }), anAgent('timed-out', { capacity: 8 }), anAgent('fresh')];
    assert.equal(ids(selectAgent(anItem('i1'), agents, { excludedAgentIds: new Set(['declined', 'timed-out']) })), 'fresh');
    assert.equal(selectAgent(anItem('i1'), agents, { excludedAgentIds: new Set(['declined', 'timed-out', 'fresh']) }), undefined);
  });
});
