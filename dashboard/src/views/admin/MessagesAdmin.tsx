import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { AUTOMATED_MESSAGE_KEYS, LANGUAGES, type AutomatedMessageKey, type AutomatedMessagesReading, type Language, type Workstream } from '../../types';
import { useList } from './useList';
import type { AdminCatalogue } from '../../i18n/admin/en';
import { adminTexts } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';

/** How each automated message is named on the screen. */
const LABELS: Record<AutomatedMessageKey, (a: AdminCatalogue) => string> = {
  greeting: (a) => a.messageGreeting,
  requestReceived: (a) => a.messageRequestReceived,
  positionInQueue: (a) => a.messagePositionInQueue,
  estimatedWait: (a) => a.messageEstimatedWait,
  agentAssigned: (a) => a.messageAgentAssigned,
  agentLeft: (a) => a.messageAgentLeft,
  conversationEnded: (a) => a.messageConversationEnded,
  outOfOperatingHours: (a) => a.messageOutOfHours,
  holiday: (a) => a.messageHoliday,
};

type Messages = AutomatedMessagesReading['messages'];

/** The automated messages the handoff sends, per workstream and language: defaults, overrides, reset. */
export function MessagesAdmin() {
  const workstreams = useList<Workstream>('/api/admin/workstreams');
  const a = useAdminT();
  const [workstreamId, setWorkstreamId] = useState('default');
  const [language, setLanguage] = useState<Language>('en');
  const [messages, setMessages] = useState<Messages | undefined>(undefined);
  const [overridden, setOverridden] = useState<readonly string[]>([]);
  const [draft, setDraft] = useState<Partial<Messages>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const path = `/api/admin/automated-messages/${encodeURIComponent(workstreamId)}/${encodeURIComponent(language)}`;

  const load = async (): Promise<void> => {
    setError(undefined);
    try {
      const answer = await api<AutomatedMessagesReading>('GET', path);
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
      setSaved(adminTexts().messagesSaved);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const reset = async (): Promise<void> => {
    setError(undefined);
    try {
      await api('DELETE', path);
      await load();
      setSaved(adminTexts().messagesReset);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{a.messagesTitle}</h2>
      <div class="input-row">
        <label for="messages-workstream">{a.workstream}</label>
        <select id="messages-workstream" value={workstreamId} onChange={(event) => setWorkstreamId(event.currentTarget.value)}>
          <option value="default">default</option>
          {workstreams.items?.map((workstream) => (
            <option key={workstream.id} value={workstream.id}>
              {workstream.name} ({workstream.id})
            </option>
          ))}
        </select>
        <label for="messages-language">{a.language}</label>
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
                {LABELS[key](a)} {overridden.includes(key) && <span class="pill">{a.overridden}</span>}
              </label>
              <textarea id={`message-${key}`} rows={2} value={draft[key] ?? messages[key]} onInput={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })} />
            </div>
          ))}
          <div class="actions">
            <button type="submit" disabled={Object.keys(draft).length === 0}>
              {a.saveChanges}
            </button>
            <button type="button" class="secondary" onClick={() => void reset()}>
              {a.resetAllToDefaults}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
