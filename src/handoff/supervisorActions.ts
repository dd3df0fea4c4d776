import { HandoffActionError } from './handoffActionError';
import { AgentActions } from './agentActions';
import type { HandoffConversationView } from './handoffServiceModel';

/** What only supervisors (or privacy requests) do: assign outright, purge a customer's records. */
export abstract class SupervisorActions extends AgentActions {
  /** A supervisor assigns a queued conversation to an agent, whatever the agent's presence and load. */
  async supervisorAssign(id: string, agentId: string, byUserId = 'api-key'): Promise<HandoffConversationView> {
    const conversation = await this.require(id);
    const profile = await this.options.config.agents.get(agentId);
    if (!profile) throw new HandoffActionError('invalid', `agent '${agentId}' has no agent profile`);
    if (conversation.state !== 'queued') throw new HandoffActionError('conflict', `the conversation is ${conversation.state}; transfer it instead`);
    if (conversation.offeredAgentId !== undefined) {
      const withdrawn = await this.endOffer(conversation, conversation.offeredAgentId, 'withdrawn');
      if (!withdrawn) throw new HandoffActionError('conflict', 'the conversation changed meanwhile');
      const assigned = await this.forceAssign(withdrawn, profile);
      await this.recordAction(conversation, { kind: 'supervisor', userId: byUserId }, 'assign', { toAgentId: agentId }, assigned);
      return this.view(assigned);
    }
    const assigned = await this.forceAssign(conversation, profile);
    await this.recordAction(conversation, { kind: 'supervisor', userId: byUserId }, 'assign', { toAgentId: agentId }, assigned);
    return this.view(assigned);
  }

  /**
   * Deletes a customer's handoff records (a privacy request); open ones leave their queue or agent first, and their
   * agents' screens are told.
   * @returns how many records were deleted.
   */
  async purgeCustomer(customerId: string): Promise<number> {
    const records = await this.options.conversations.find({ customerId });
    for (const record of records) {
      await this.options.assignments.withdraw(record.id);
      if (record.state !== 'closed') this.publishConversation({ ...record, state: 'closed' }, 'purged');
    }
    for (const record of records) await this.journal.deleteHandoff(record.id);
    const deleted = await this.options.conversations.deleteCustomer(customerId);
    this.options.distributor.kick();
    return deleted;
  }
}

