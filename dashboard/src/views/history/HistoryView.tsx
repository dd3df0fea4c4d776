import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { clock, stateName } from '../../format';
import { useT } from '../../i18n/I18nProvider';
import { BASE, navigate, onLinkClick, segmentsOf } from '../../router';
import type { Directory } from '../../types';
import { ConversationRecordView } from './ConversationRecordView';
import type { HistoryItem, HistoryPage } from './historyTypes';

const STATES = ['closed', 'wrapUp', 'assigned', 'waiting', 'queued'] as const;

interface Form {
  q: string;
  customer: string;
  agentId: string;
  queueId: string;
  state: string;
  from: string;
  to: string;
}

const EMPTY: Form = { q: '', customer: '', agentId: '', queueId: '', state: '', from: '', to: '' };

/** The query string of a search form (dates as the start of the local day; `to` includes its day). */
function queryOf(form: Form, before?: string): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'customer', 'agentId', 'queueId', 'state'] as const) if (form[key].trim()) params.set(key, form[key].trim());
  if (form.from) params.set('from', new Date(`${form.from}T00:00`).toISOString());
  if (form.to) params.set('to', new Date(new Date(`${form.to}T00:00`).getTime() + 86_400_000).toISOString());
  if (before) params.set('before', before);
  return params.toString();
}

/**
 * Conversation history: search handoff cycles (open and closed) by words, customer, agent, queue, state and period;
 * open one to read the whole conversation and download it. Agents find the conversations they served.
 */
export function HistoryView(props: { route: string }) {
  const t = useT();
  const [, handoffId] = segmentsOf(props.route);
  const [form, setForm] = useState<Form>(EMPTY);
  const [items, setItems] = useState<HistoryItem[] | undefined>(undefined);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [directory, setDirectory] = useState<Directory | undefined>(undefined);

  useEffect(() => {
    api<Directory>('GET', '/api/agent/directory').then(setDirectory, () => undefined);
  }, []);

  const search = async (before?: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api<HistoryPage>('GET', `/api/agent/history?${queryOf(form, before)}`);
      setItems((current) => (before ? [...(current ?? []), ...page.items] : [...page.items]));
      setNext(page.nextBefore);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (items === undefined && !handoffId) void search();
  }, [handoffId]);

  if (handoffId) return <ConversationRecordView handoffId={handoffId} onBack={() => navigate('/history')} />;

  const field = (key: keyof Form) => ({
    value: form[key],
    onInput: (event: Event) => setForm({ ...form, [key]: (event.target as HTMLInputElement).value }),
  });
  const agentName = (id: string | undefined): string => (id === undefined ? '' : (directory?.agents.find((agent) => agent.id === id)?.displayName ?? id));
  const queueName = (id: string): string => directory?.queues.find((queue) => queue.id === id)?.name ?? id;

  return (
    <div class="pad history-view">
      <h2>{t.historyTitle}</h2>
      <form
        class="history-search"
        role="search"
        aria-label={t.historySearchLabel}
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label>
          {t.historyWords}
          <input type="search" maxLength={200} {...field('q')} />
        </label>
        <label>
          {t.historyCustomer}
          <input type="text" maxLength={200} {...field('customer')} />
        </label>
        <label>
          {t.historyAgent}
          <select value={form.agentId} onChange={(event) => setForm({ ...form, agentId: (event.target as HTMLSelectElement).value })}>
            <option value="">{t.historyAny}</option>
            {directory?.agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.historyQueue}
          <select value={form.queueId} onChange={(event) => setForm({ ...form, queueId: (event.target as HTMLSelectElement).value })}>
            <option value="">{t.historyAny}</option>
            {directory?.queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.historyState}
          <select value={form.state} onChange={(event) => setForm({ ...form, state: (event.target as HTMLSelectElement).value })}>
            <option value="">{t.historyAny}</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {stateName(state)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.historyFrom}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t.historyTo}
          <input type="date" {...field('to')} />
        </label>
        <div class="form-actions">
          <button type="submit" disabled={busy}>
            {t.historySearchButton}
          </button>
        </div>
      </form>
      <ErrorNote message={error} onDismiss={() => setError(undefined)} />
      {items !== undefined && items.length === 0 && <p class="muted">{t.historyNoResults}</p>}
      {items !== undefined && items.length > 0 && (
        <div class="table-scroll">
          <table class="history-results">
            <caption class="visually-hidden">{t.historyResultsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.historyCustomer}</th>
                <th scope="col">{t.historyRequested}</th>
                <th scope="col">{t.historyQueue}</th>
                <th scope="col">{t.historyAgent}</th>
                <th scope="col">{t.historyState}</th>
                <th scope="col">{t.historyWrapUpCode}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.handoffId}:${item.cycle}`}>
                  <td>
                    <a href={`${BASE}/history/${encodeURIComponent(item.handoffId)}`} onClick={onLinkClick} aria-label={t.historyOpen(item.customerName ?? item.customerId, item.cycle)}>
                      {item.customerName ?? item.customerId}
                    </a>{' '}
                    <span class="muted small-text">{t.historyCycle(item.cycle)}</span>
                  </td>
                  <td>
                    <time dateTime={item.requestedAt}>{clock(item.requestedAt)}</time>
                  </td>
                  <td>{queueName(item.queueId)}</td>
                  <td>{agentName(item.agentId)}</td>
                  <td>{stateName(item.state)}</td>
                  <td>{item.wrapUpCode ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void search(next)}>
          {t.historyMore}
        </button>
      )}
    </div>
  );
}
