import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { AUTOMATED_MESSAGE_KEYS, LANGUAGES, type AutomatedMessageKey, type Language, type Workstream } from '../../types';
import { useList } from './useList';

const LABELS: Record<AutomatedMessageKey, string> = {
  greeting: 'Greeting',
  requestReceived: 'Request received ({QueueName})',
  positionInQueue: 'Position in queue ({Position}, {QueueName})',
  estimatedWait: 'Estimated wait ({WaitDuration}, e.g. "5 minutes"; {WaitTime}: the number alone)',
  agentAssigned: 'Agent assigned ({AgentName})',
  agentLeft: 'Agent stepped away ({AgentName})',
  conversationEnded: 'Conversation ended',
  outOfOperatingHours: 'Out of operating hours ({QueueName})',
  holiday: 'Holiday ({QueueName})',
};

type Messages = Record<AutomatedMessageKey, string>;

/** The automated messages the handoff sends, per workstream and language: defaults, overrides, reset. */
export function MessagesAdmin() {
  const workstreams = useList<Workstream>('/api/admin/workstreams');
  const [workstreamId, setWorkstreamId] = useState('default');
  const [language, setLanguage] = useState<Language>('en');
  const [messages, setMessages] = useState<Messages | undefined>(undefined);
  const [overridden, setOverridden] = useState<string[]>([]);
  const [draft, setDraft] = useState<Partial<Messages>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const path = `/api/admin/automated-messages/${encodeURIComponent(workstreamId)}/${encodeURIComponent(language)}`;

  const load = async (): Promise<void> => {
    setError(undefined);
    try {
      const answer = await api<{ messages: Messages; overridden: string[] }>('GET', path);
      setMessages(answer.messages);
      setOverridden(answer.overridden);
      setDraft({});
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => {
    void load();
  }, [path]);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    try {
      await api('PUT', path, draft);
      await load();
      setSaved('Saved.');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const reset = async (): Promise<void> => {
    setError(undefined);
    try {
      await api('DELETE', path);
      await load();
      setSaved('Back to the defaults.');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">Automated messages</h2>
      <div class="input-row">
        <label for="messages-workstream">Workstream</label>
        <select id="messages-workstream" value={workstreamId} onChange={(event) => setWorkstreamId(event.currentTarget.value)}>
          <option value="default">default</option>
          {workstreams.items?.map((workstream) => (
            <option key={workstream.id} value={workstream.id}>
              {workstream.name} ({workstream.id})
            </option>
          ))}
        </select>
        <label for="messages-language">Language</label>
        <select id="messages-language" value={language} onChange={(event) => setLanguage(event.currentTarget.value as Language)}>
          {LANGUAGES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote message={error ?? workstreams.error} />
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
      {messages && (
        <form class="stack" onSubmit={(event) => void save(event)}>
          {AUTOMATED_MESSAGE_KEYS.map((key) => (
            <div key={key} class="stack tight">
              <label for={`message-${key}`}>
                {LABELS[key]} {overridden.includes(key) && <span class="pill">overridden</span>}
              </label>
              <textarea id={`message-${key}`} rows={2} value={draft[key] ?? messages[key]} onInput={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })} />
            </div>
          ))}
          <div class="actions">
            <button type="submit" disabled={Object.keys(draft).length === 0}>
              Save changes
            </button>
            <button type="button" class="secondary" onClick={() => void reset()}>
              Reset all to defaults
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
