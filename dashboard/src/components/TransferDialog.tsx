import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import type { ConversationView } from '../types';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { FormActions } from './FormActions';
import { useT } from '../i18n/I18nProvider';

/** A queue or agent the dialog offers by name. */
export interface Choice {
  readonly id: string;
  readonly label: string;
  /** Shown but not choosable, e.g. an agent who is not available, a queue that does not serve the language. */
  readonly disabled?: boolean;
  /** An agent's queues: agents of the target queue are listed first. */
  readonly queueIds?: readonly string[];
}

/**
 * Moves a conversation to another queue and/or agent, with a note for whoever takes it. Queues and agents are picked
 * by name from lists (`undefined` while they load); choices that cannot take the conversation are shown disabled.
 */
export function TransferDialog(props: {
  conversation: ConversationView;
  endpoint: string;
  queues: readonly Choice[] | undefined;
  agents: readonly Choice[] | undefined;
  /** Why some agents cannot be chosen, e.g. "Only available agents can take a transfer". */
  agentsHelp?: string;
  /** Why the lists could not be read, if they could not. */
  listError?: string | undefined;
  onClose: () => void;
  onDone: (view: ConversationView) => void;
}) {
  const t = useT();
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const otherQueues = (props.queues ?? []).filter((queue) => queue.id !== props.conversation.queue.id);
  const targetQueue = queueId || props.conversation.queue.id;
  const targetQueueName = props.queues?.find((queue) => queue.id === targetQueue)?.label ?? props.conversation.queue.name;
  const agents = (props.agents ?? []).filter((agent) => agent.id !== props.conversation.agentId);
  const inQueue = agents.filter((agent) => agent.queueIds?.includes(targetQueue));
  const others = agents.filter((agent) => !agent.queueIds?.includes(targetQueue));
  const byName = (a: Choice, b: Choice): number => Number(a.disabled ?? false) - Number(b.disabled ?? false) || a.label.localeCompare(b.label);
  const option = (choice: Choice) => (
    <option key={choice.id} value={choice.id} disabled={choice.disabled}>
      {choice.label}
    </option>
  );

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!queueId && !agentId) return setError(t.chooseQueueOrAgent);
    setBusy(true);
    setError(undefined);
    try {
      const view = await api<ConversationView>('POST', props.endpoint, {
        ...(queueId ? { queueId } : {}),
        ...(agentId ? { agentId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      props.onDone(view);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t.transferTitle(props.conversation.customer.name)} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)} class="stack">
        <p class="muted">{t.transferIntro(props.conversation.queue.name)}</p>
        <ErrorNote message={props.listError} />
        <label for="transfer-queue">{t.queue}</label>
        <select id="transfer-queue" value={queueId} aria-busy={props.queues === undefined} onChange={(event) => setQueueId(event.currentTarget.value)}>
          <option value="">{t.sameQueue}</option>
          {otherQueues.map(option)}
        </select>
        <label for="transfer-agent">{t.agentOptional}</label>
        <select id="transfer-agent" value={agentId} aria-busy={props.agents === undefined} aria-describedby={props.agentsHelp ? 'transfer-agent-help' : undefined} onChange={(event) => setAgentId(event.currentTarget.value)}>
          <option value="">{t.anyoneInQueue}</option>
          {inQueue.length > 0 && others.length > 0 ? (
            <>
              <optgroup label={t.inQueue(targetQueueName)}>{[...inQueue].sort(byName).map(option)}</optgroup>
              <optgroup label={t.otherAgents}>{[...others].sort(byName).map(option)}</optgroup>
            </>
          ) : (
            [...agents].sort(byName).map(option)
          )}
        </select>
        {props.agents === undefined && !props.listError && <small class="muted">{t.loadingAgents}</small>}
        {props.agentsHelp && (
          <small id="transfer-agent-help" class="muted">
            {props.agentsHelp}
          </small>
        )}
        <label for="transfer-note">{t.noteForNextAgent}</label>
        <textarea id="transfer-note" rows={3} maxLength={2000} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
        <ErrorNote message={error} />
        <FormActions submitLabel={t.transfer} busy={busy} busyLabel={t.transferring} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
