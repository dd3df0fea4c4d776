import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { FormActions } from '../components/FormActions';
import { lineOfActivity, Transcript, type Line } from '../components/Transcript';
import { TransferDialog } from '../components/TransferDialog';
import { useDashboard } from '../context';
import { presenceLabel } from '../directory';
import { duration, formatNumber, languageName, percent, secondsSince, stateName } from '../format';
import { useT } from '../i18n/I18nProvider';
import { useDebounced, useInterval, useNow } from '../hooks';
import { ConversationMedia } from '../media';
import { PRESENCES, type ConversationView, type Overview, type Presence, type TranscriptActivity } from '../types';

type Action = { kind: 'assign' | 'transfer' | 'close' | 'transcript'; conversation: ConversationView } | undefined;

/**
 * The supervisor's real-time overview: queues (waiting, longest wait, service level, open or closed), agents
 * (presence, load) and every open conversation with force assign, transfer and close. Re-read on every live event
 * and every 15 s.
 */
export function SupervisorView(_props: { route: string }) {
  const { stream } = useDashboard();
  const t = useT();
  const [overview, setOverview] = useState<Overview | undefined>(undefined);
  const [loadedAt, setLoadedAt] = useState(Date.now());
  const [error, setError] = useState<string | undefined>(undefined);
  const [action, setAction] = useState<Action>(undefined);
  const now = useNow();

  const load = async (): Promise<void> => {
    try {
      setOverview(await api<Overview>('GET', '/api/supervisor/overview'));
      setLoadedAt(Date.now());
      setError(undefined);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const reload = useDebounced(() => void load(), 200);
  useInterval(() => void load(), 15_000);
  useEffect(() => {
    void load();
    const stopEvents = stream.subscribe(() => reload());
    const stopReconnect = stream.onReconnect(() => void load());
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [stream]);

  if (!overview) {
    return (
      <div class="pad">
        <ErrorNote message={error} />
        {!error && <p class="muted">{t.loadingOverview}</p>}
      </div>
    );
  }
  const agentName = (id: string | undefined): string => (id === undefined ? '—' : (overview.agents.find((agent) => agent.id === id)?.displayName ?? id));
  const queueChoices = overview.queues.map((queue) => ({ id: queue.id, label: `${queue.name} (${queue.id})` }));
  const agentChoices = overview.agents.map((agent) => ({ id: agent.id, label: `${agent.displayName} — ${presenceLabel(agent.presence)}, ${formatNumber(agent.load)}/${formatNumber(agent.capacity)}`, queueIds: agent.queueIds }));
  const sinceLoad = Math.max(0, Math.floor((now - loadedAt) / 1000));

  return (
    <div class="supervisor pad">
      <ErrorNote message={error} />
      <section aria-labelledby="queues-title">
        <h2 id="queues-title">{t.queues}</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="queues-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.queue}</th>
                <th scope="col">{t.mode}</th>
                <th scope="col">{t.hours}</th>
                <th scope="col" class="num">{t.waiting}</th>
                <th scope="col" class="num">{t.offered}</th>
                <th scope="col" class="num">{t.assigned}</th>
                <th scope="col" class="num">{t.longestWait}</th>
                <th scope="col" class="num">{t.serviceLevel60}</th>
              </tr>
            </thead>
            <tbody>
              {overview.queues.map((queue) => (
                <tr key={queue.id} data-queue-id={queue.id}>
                  <th scope="row">
                    {queue.name} <span class="muted small-text mono">{queue.id}</span>
                  </th>
                  <td>{queue.distribution === 'pick' ? t.distributionPick : queue.distribution === 'push' ? t.distributionPush : queue.distribution}</td>
                  <td>{queue.open ? <span class="pill ok">{t.open}</span> : <span class="pill closed">{t.closed}</span>}</td>
                  <td class="num queue-waiting">{formatNumber(queue.waiting)}</td>
                  <td class="num">{formatNumber(queue.offered)}</td>
                  <td class="num">{formatNumber(queue.assigned)}</td>
                  <td class="num">{queue.waiting > 0 ? duration(queue.longestWaitSeconds + sinceLoad) : '—'}</td>
                  <td class="num">{queue.serviceLevel === null ? '—' : percent(queue.serviceLevel)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="agents-title">
        <h2 id="agents-title">{t.agents}</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="agents-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.agent}</th>
                <th scope="col">{t.presence}</th>
                <th scope="col" class="num">{t.load}</th>
                <th scope="col" class="num">{t.conversations}</th>
                <th scope="col">{t.queues}</th>
              </tr>
            </thead>
            <tbody>
              {overview.agents.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    {t.noAgentProfiles}
                  </td>
                </tr>
              )}
              {overview.agents.map((agent) => (
                <tr key={agent.id}>
                  <th scope="row">{agent.displayName}</th>
                  <td>
                    <AgentPresenceSelect agentId={agent.id} name={agent.displayName} presence={agent.presence} onChanged={load} />
                  </td>
                  <td class="num">
                    <meter min={0} max={agent.capacity} value={agent.load} aria-label={t.loadOf(agent.displayName)} /> {formatNumber(agent.load)}/{formatNumber(agent.capacity)}
                  </td>
                  <td class="num">{formatNumber(agent.conversations)}</td>
                  <td>{agent.queueIds.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="conversations-title">
        <h2 id="conversations-title">{t.ongoingConversations}</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="conversations-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.customer}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.queue}</th>
                <th scope="col">{t.agent}</th>
                <th scope="col">{t.language}</th>
                <th scope="col" class="num">{t.waiting}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {overview.conversations.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t.noOpenConversations}
                  </td>
                </tr>
              )}
              {overview.conversations.map((conversation) => (
                <tr key={conversation.id}>
                  <th scope="row">{conversation.customer.name ?? t.customer}</th>
                  <td>
                    <span class={`state state-${conversation.state}`}>{stateName(conversation.state)}</span>
                    {conversation.offeredAgentId && <span class="muted small-text">{t.offeredTo(agentName(conversation.offeredAgentId))}</span>}
                  </td>
                  <td>{conversation.queue.name}</td>
                  <td>{agentName(conversation.agentId)}</td>
                  <td>{languageName(conversation.language)}</td>
                  <td class="num">{conversation.state === 'queued' ? duration(secondsSince(conversation.queuedAt, now)) : '—'}</td>
                  <td class="actions-cell">
                    <button type="button" class="small secondary" onClick={() => setAction({ kind: 'transcript', conversation })}>
                      {t.transcript}
                    </button>
                    {conversation.state === 'queued' && (
                      <button type="button" class="small" onClick={() => setAction({ kind: 'assign', conversation })}>
                        {t.assignEllipsis}
                      </button>
                    )}
                    {conversation.state !== 'wrapUp' && (
                      <button type="button" class="small secondary" onClick={() => setAction({ kind: 'transfer', conversation })}>
                        {t.transferEllipsis}
                      </button>
                    )}
                    <button type="button" class="small danger" onClick={() => setAction({ kind: 'close', conversation })}>
                      {conversation.state === 'wrapUp' ? t.finishWrapUp : t.close}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {action?.kind === 'assign' && <AssignDialog conversation={action.conversation} agents={agentChoices} onClose={() => setAction(undefined)} onDone={load} />}
      {action?.kind === 'transfer' && (
        <TransferDialog
          conversation={action.conversation}
          endpoint={`/api/supervisor/conversations/${encodeURIComponent(action.conversation.id)}/transfer`}
          queues={queueChoices}
          agents={agentChoices}
          onClose={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            void load();
          }}
        />
      )}
      {action?.kind === 'close' && (
        <ConfirmDialog
          title={t.closeConversationTitle(action.conversation.customer.name ?? t.theCustomer)}
          confirmLabel={t.closeConversation}
          danger
          onClose={() => setAction(undefined)}
          onConfirm={async () => {
            await api('POST', `/api/supervisor/conversations/${encodeURIComponent(action.conversation.id)}/close`);
            await load();
          }}
        >
          <p>{action.conversation.state === 'wrapUp' ? t.wrapUpEndsNow : t.customerToldEnded}</p>
        </ConfirmDialog>
      )}
      {action?.kind === 'transcript' && <TranscriptDialog conversation={action.conversation} onClose={() => setAction(undefined)} />}
    </div>
  );
}

function AgentPresenceSelect(props: { agentId: string; name: string; presence: Presence; onChanged: () => Promise<void> }) {
  const [error, setError] = useState<string | undefined>(undefined);
  const t = useT();
  const id = `presence-${props.agentId}`;
  return (
    <>
      <label for={id} class="visually-hidden">
        {t.presenceOf(props.name)}
      </label>
      <select
        id={id}
        class={`presence-select presence-${props.presence}`}
        value={props.presence}
        onChange={async (event) => {
          setError(undefined);
          try {
            await api('PUT', `/api/supervisor/agents/${encodeURIComponent(props.agentId)}/presence`, { presence: event.currentTarget.value });
            await props.onChanged();
          } catch (caught) {
            setError(errorMessage(caught));
          }
        }}
      >
        {PRESENCES.map((presence) => (
          <option key={presence} value={presence}>
            {presenceLabel(presence)}
          </option>
        ))}
      </select>
      <ErrorNote message={error} />
    </>
  );
}

function AssignDialog(props: { conversation: ConversationView; agents: readonly { id: string; label: string }[]; onClose: () => void; onDone: () => Promise<void> }) {
  const [agentId, setAgentId] = useState(props.agents[0]?.id ?? '');
  const t = useT();
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/supervisor/conversations/${encodeURIComponent(props.conversation.id)}/assign`, { agentId });
      await props.onDone();
      props.onClose();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <Dialog title={t.assignTitle(props.conversation.customer.name)} onClose={props.onClose}>
      <form class="stack" onSubmit={(event) => void submit(event)}>
        <p class="muted">{t.assignIntro}</p>
        <label for="assign-agent">{t.agent}</label>
        <select id="assign-agent" value={agentId} onChange={(event) => setAgentId(event.currentTarget.value)} required>
          {props.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.label}
            </option>
          ))}
        </select>
        <ErrorNote message={error} />
        <FormActions submitLabel={t.assign} disabled={!agentId} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}

/** The whole transcript of a conversation, read page by page from the transcript API, with the customer's media. */
function TranscriptDialog(props: { conversation: ConversationView; onClose: () => void }) {
  const media = useMemo(() => new ConversationMedia(`/api/supervisor/conversations/${encodeURIComponent(props.conversation.id)}`), [props.conversation.id]);
  const [lines, setLines] = useState<Line[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    void (async () => {
      try {
        const items: TranscriptActivity[] = [];
        let token: string | null = null;
        for (let page = 0; page < 50; page += 1) {
          const query: string = token ? `?continuationToken=${encodeURIComponent(token)}` : '';
          const answer: { items: TranscriptActivity[]; continuationToken: string | null } = await api('GET', `/api/transcripts/${encodeURIComponent(props.conversation.channelId)}/${encodeURIComponent(props.conversation.conversationId)}${query}`);
          items.push(...answer.items);
          token = answer.continuationToken;
          if (!token) break;
        }
        setLines(items.map(lineOfActivity).filter((line): line is Line => line !== undefined));
      } catch (caught) {
        setError(errorMessage(caught));
      }
    })();
  }, [props.conversation.id]);
  const t = useT();
  const name = props.conversation.customer.name ?? t.customer;
  return (
    <Dialog title={t.transcriptTitle(name)} onClose={props.onClose} wide>
      <ErrorNote message={error} />
      {lines ? <Transcript lines={lines} customerName={name} media={media} label={t.transcriptOf(name)} /> : !error && <p class="muted">{t.loading}</p>}
    </Dialog>
  );
}
