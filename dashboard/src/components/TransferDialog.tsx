import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import type { ConversationView } from '../types';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/** A queue or agent the dialog can offer by name. */
export interface Choice {
  readonly id: string;
  readonly label: string;
}

/**
 * Moves a conversation to another queue and/or agent, with a note for whoever takes it. `queues` and `agents` are
 * offered as lists when the user may read them; otherwise their ids are typed (agents cannot list queues or agents).
 */
export function TransferDialog(props: { conversation: ConversationView; endpoint: string; queues: readonly Choice[]; agents?: readonly Choice[]; queuesComplete: boolean; onClose: () => void; onDone: (view: ConversationView) => void }) {
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const otherQueues = props.queues.filter((queue) => queue.id !== props.conversation.queue.id);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!queueId.trim() && !agentId.trim()) return setError('Choose a queue, an agent, or both.');
    setBusy(true);
    setError(undefined);
    try {
      const view = await api<ConversationView>('POST', props.endpoint, {
        ...(queueId.trim() ? { queueId: queueId.trim() } : {}),
        ...(agentId.trim() ? { agentId: agentId.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      props.onDone(view);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Transfer ${props.conversation.customer.name ?? 'conversation'}`} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)} class="stack">
        <p class="muted">Now in queue “{props.conversation.queue.name}”. The customer is told; your note goes with the conversation.</p>
        <label for="transfer-queue">Queue</label>
        {props.queuesComplete ? (
          <select id="transfer-queue" value={queueId} onChange={(event) => setQueueId(event.currentTarget.value)}>
            <option value="">Same queue</option>
            {otherQueues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.label}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input id="transfer-queue" list="transfer-queue-list" value={queueId} onInput={(event) => setQueueId(event.currentTarget.value)} placeholder="queue id, e.g. billing" aria-describedby="transfer-queue-help" autocomplete="off" />
            <datalist id="transfer-queue-list">
              {otherQueues.map((queue) => (
                <option key={queue.id} value={queue.id}>
                  {queue.label}
                </option>
              ))}
            </datalist>
            <small id="transfer-queue-help" class="muted">
              Type the queue's id (ask your supervisor); leave empty to keep the queue.
            </small>
          </>
        )}
        <label for="transfer-agent">Agent (optional)</label>
        {props.agents ? (
          <select id="transfer-agent" value={agentId} onChange={(event) => setAgentId(event.currentTarget.value)}>
            <option value="">Anyone in the queue</option>
            {props.agents
              .filter((agent) => agent.id !== props.conversation.agentId)
              .map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.label}
                </option>
              ))}
          </select>
        ) : (
          <input id="transfer-agent" value={agentId} onInput={(event) => setAgentId(event.currentTarget.value)} placeholder="agent's user id" autocomplete="off" />
        )}
        <label for="transfer-note">Note for the next agent</label>
        <textarea id="transfer-note" rows={3} maxLength={2000} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Transferring…' : 'Transfer'}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
