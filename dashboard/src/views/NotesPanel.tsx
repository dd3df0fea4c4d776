import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { clock } from '../format';
import { useDashboard } from '../context';
import { useT } from '../i18n/I18nProvider';
import { queueName, userName, type JournalEntry, type NotesAnswer, type WrapUpCode } from '../notes';
import type { Directory } from '../types';

/**
 * A conversation's internal record, which the customer never sees: notes (yellow cards), what supervisors and agents
 * did to it (assign, transfer, close), wrap-ups; a field to add a note; in wrap-up, the wrap-up note and code. Folded
 * between the transcript and the compose box (open in wrap-up), so the conversation keeps its room.
 */
export function NotesPanel(props: { base: string; conversationId: string; reloadKey: string; directory: Directory | undefined; canWrite: boolean; inWrapUp: boolean; onCodeRequired?: (required: boolean, chosen: boolean) => void }) {
  const t = useT();
  const { stream } = useDashboard();
  const [answer, setAnswer] = useState<NotesAnswer | undefined>(undefined);
  const [codes, setCodes] = useState<readonly WrapUpCode[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [wrapNote, setWrapNote] = useState('');
  const [wrapCode, setWrapCode] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  /** Reads the record; `keepDrafts` leaves the wrap-up fields as the user is editing them (a live update). */
  const load = async (keepDrafts = false): Promise<void> => {
    try {
      const next = await api<NotesAnswer>('GET', `${props.base}/notes`);
      setAnswer(next);
      if (keepDrafts) return;
      setWrapNote(next.wrapUp?.text ?? '');
      setWrapCode(next.wrapUp?.code ?? '');
      props.onCodeRequired?.(next.codeRequired, Boolean(next.wrapUp?.code));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  useEffect(() => {
    void load();
  }, [props.base, props.reloadKey]);

  // A note or action added by someone else (another agent, a supervisor, another tab) appears without a reload.
  useEffect(
    () =>
      stream.subscribe((event) => {
        if (event.type === 'note' && event.conversationId === props.conversationId && !answer?.entries.some((entry) => entry.id === event.entry.id)) void load(true);
      }),
    [stream, props.conversationId, answer],
  );

  useEffect(() => {
    if (!props.inWrapUp) return;
    api<{ codes: WrapUpCode[] }>('GET', '/api/agent/wrap-up-codes').then((found) => setCodes(found.codes), (caught: unknown) => setError(errorMessage(caught)));
  }, [props.inWrapUp]);

  const addNote = async (): Promise<void> => {
    if (!draft.trim()) return;
    setBusy(true);
    try {
      await api('POST', `${props.base}/notes`, { text: draft });
      setDraft('');
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const saveWrapUp = async (): Promise<void> => {
    setBusy(true);
    setSaved(false);
    try {
      await api('PUT', `${props.base}/wrap-up`, { note: wrapNote, ...(wrapCode ? { code: wrapCode } : {}) });
      await load();
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const describe = (entry: JournalEntry): string => {
    const by = userName(props.directory, entry.byUserId);
    const to = [entry.toQueueId ? queueName(props.directory, entry.toQueueId) : '', entry.toAgentId ? userName(props.directory, entry.toAgentId) : ''].filter(Boolean).join(' · ');
    if (entry.action === 'assign') return t.noteActionAssign(by, to);
    if (entry.action === 'transfer') return t.noteActionTransfer(by, to);
    return t.noteActionClose(by);
  };
  const codeLabel = (id: string | undefined): string => (id === undefined ? '' : (codes.find((code) => code.id === id)?.label ?? id));
  const entries = answer?.entries ?? [];

  return (
    <details class="notes-panel" open={props.inWrapUp || undefined}>
      <summary>
        <span id="notes-title">{t.notesTitle}</span>
        {entries.length > 0 && <span class="muted small-text"> ({entries.length})</span>}
      </summary>
      <div class="notes-body">
      <p class="muted small-text">{t.notesHelp}</p>
      <ErrorNote message={error} onDismiss={() => setError(undefined)} />
      {props.inWrapUp && props.canWrite && (
        <form
          class="wrap-up-form"
          onSubmit={(event) => {
            event.preventDefault();
            void saveWrapUp();
          }}
        >
          <label>
            {answer?.codeRequired ? t.wrapUpCodeRequiredLabel : t.wrapUpCodeLabel}
            <select value={wrapCode} required={answer?.codeRequired ?? false} onChange={(event) => setWrapCode((event.target as HTMLSelectElement).value)}>
              <option value="">{t.wrapUpNoCode}</option>
              {codes.map((code) => (
                <option key={code.id} value={code.id}>
                  {code.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.wrapUpNoteLabel}
            <textarea rows={3} maxLength={5000} value={wrapNote} onInput={(event) => setWrapNote((event.target as HTMLTextAreaElement).value)} />
          </label>
          <div class="form-actions">
            <button type="submit" disabled={busy}>
              {t.saveWrapUp}
            </button>
            {saved && (
              <span class="muted small-text" role="status">
                {t.wrapUpSaved}
              </span>
            )}
          </div>
        </form>
      )}
      {answer !== undefined && entries.length === 0 && <p class="muted small-text">{t.noNotes}</p>}
      <ol class="journal">
        {entries.map((entry) =>
          entry.kind === 'note' ? (
            <li key={entry.id} class="internal-note">
              <div class="small-text">
                <strong>{t.internalNote}</strong> · {userName(props.directory, entry.byUserId)} · <time dateTime={entry.at}>{clock(entry.at)}</time>
              </div>
              <div class="note-text">{entry.text}</div>
            </li>
          ) : entry.kind === 'action' ? (
            <li key={entry.id} class="system-entry small-text">
              <time dateTime={entry.at}>{clock(entry.at)}</time> · {describe(entry)}
              {entry.text ? ` — ${entry.text}` : ''}
            </li>
          ) : (
            <li key={entry.id} class="internal-note wrap-up-entry">
              <div class="small-text">
                <strong>{t.wrapUpTitle(entry.cycle)}</strong> · {userName(props.directory, entry.byUserId)} · <time dateTime={entry.at}>{clock(entry.at)}</time>
              </div>
              {entry.code && <div class="small-text">{t.wrapUpCodeLabel}: {codeLabel(entry.code)}</div>}
              {entry.text && <div class="note-text">{entry.text}</div>}
            </li>
          ),
        )}
      </ol>
      {props.canWrite && (
        <form
          class="add-note"
          onSubmit={(event) => {
            event.preventDefault();
            void addNote();
          }}
        >
          <label>
            {t.newInternalNote}
            <textarea rows={2} maxLength={5000} value={draft} onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="secondary" disabled={busy || !draft.trim()}>
            {t.addNote}
          </button>
        </form>
      )}
      </div>
    </details>
  );
}
