import { useEffect, useState } from 'preact/hooks';
import { api, apiFile, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { clock, closeReasonName, stateName } from '../../format';
import { useI18n } from '../../i18n/I18nProvider';
import type { ConversationRecord } from './historyTypes';

/** Saves a download the API answers (it needs the login token, so a plain link would not do). */
async function saveDownload(path: string, fallbackName: string): Promise<void> {
  const file = await apiFile(path);
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A whole conversation from the history: each handoff cycle with its start and end, queue, agent, close reason,
 * wrap-up and survey, then its messages and internal notes in time order; downloads as HTML or JSON.
 */
export function ConversationRecordView(props: { handoffId: string; onBack: () => void }) {
  const { t, locale } = useI18n();
  const [record, setRecord] = useState<ConversationRecord | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const path = `/api/agent/history/${encodeURIComponent(props.handoffId)}`;

  useEffect(() => {
    api<ConversationRecord>('GET', path).then(setRecord, (caught: unknown) => setError(errorMessage(caught)));
  }, [path]);

  const download = (format: 'html' | 'json') => async () => {
    try {
      // The page reads in the screen's language, its dates in this browser's time zone.
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      await saveDownload(`${path}/download?${new URLSearchParams({ format, lang: locale, tz: timeZone }).toString()}`, `conversation-${props.handoffId}.${format}`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const name = record ? (record.customer.name ?? record.customer.id) : '';
  return (
    <div class="pad history-record">
      <p>
        <button type="button" class="link-button" onClick={props.onBack}>
          {t.historyBack}
        </button>
      </p>
      <ErrorNote message={error} onDismiss={() => setError(undefined)} />
      {!record ? (
        !error && <p class="muted">{t.loading}</p>
      ) : (
        <>
          <h2>{t.historyConversationWith(name)}</h2>
          <div class="form-actions">
            <button type="button" class="secondary" onClick={() => void download('html')()}>
              {t.historyDownloadHtml}
            </button>
            <button type="button" class="secondary" onClick={() => void download('json')()}>
              {t.historyDownloadJson}
            </button>
          </div>
          {record.truncated && <p class="muted small-text">{t.transcriptTruncated}</p>}
          {record.cycles.map((cycle, index) => {
            const next = record.cycles[index + 1];
            const begin = index === 0 ? Number.NEGATIVE_INFINITY : Date.parse(cycle.requestedAt);
            const end = next ? Date.parse(next.requestedAt) : Number.POSITIVE_INFINITY;
            const within = (at: string | undefined): boolean => {
              const time = at === undefined ? Number.NaN : Date.parse(at);
              return Number.isNaN(time) ? index === 0 : time >= begin && time < end;
            };
            const timeline = [
              ...record.messages.filter((message) => within(message.at)).map((message, position) => ({ key: `m${position}`, at: message.at ?? '', message })),
              ...record.notes.filter((note) => note.cycle === cycle.cycle && note.kind !== 'wrapUp').map((note) => ({ key: note.id, at: note.at, note })),
            ].sort((a, b) => a.at.localeCompare(b.at));
            return (
              <section key={cycle.cycle} class="history-cycle" aria-labelledby={`cycle-${cycle.cycle}`}>
                <h3 id={`cycle-${cycle.cycle}`}>{t.historyCycle(cycle.cycle)}</h3>
                <dl class="cycle-facts">
                  <dt>{t.historyRequested}</dt>
                  <dd>{clock(cycle.requestedAt)}</dd>
                  <dt>{t.historyClosed}</dt>
                  <dd>{cycle.closedAt ? clock(cycle.closedAt) : stateName(cycle.state)}</dd>
                  <dt>{t.historyQueue}</dt>
                  <dd>{cycle.queueName ?? cycle.queueId}</dd>
                  <dt>{t.historyAgent}</dt>
                  <dd>{cycle.agentName ?? cycle.agentId ?? '—'}</dd>
                  <dt>{t.historyCloseReason}</dt>
                  <dd>{cycle.closeReason ? closeReasonName(cycle.closeReason) : '—'}</dd>
                  <dt>{t.historyWrapUpCode}</dt>
                  <dd>{cycle.wrapUpLabel ?? cycle.wrapUpCode ?? '—'}</dd>
                  <dt>{t.wrapUpNoteLabel}</dt>
                  <dd class="note-text">{cycle.wrapUpNote ?? '—'}</dd>
                  <dt>{t.historyRating}</dt>
                  <dd>{cycle.rating === undefined ? '—' : `${cycle.rating} / 5${cycle.comment ? ` — ${cycle.comment}` : ''}`}</dd>
                </dl>
                <ol class="history-timeline">
                  {timeline.map((item) =>
                    'message' in item && item.message ? (
                      <li key={item.key} class={`history-message ${item.message.author}`}>
                        <div class="muted small-text">
                          {item.message.author === 'agent' ? t.historyAuthorAgent(item.message.name ?? '') : item.message.author === 'bot' ? t.historyAuthorBot : t.historyAuthorCustomer} · {clock(item.message.at)}
                        </div>
                        <div class="note-text">
                          {item.message.text}
                          {item.message.attachments.map((attachment) => ` [${attachment.name ?? attachment.contentType}]`).join('')}
                        </div>
                      </li>
                    ) : 'note' in item && item.note ? (
                      <li key={item.key} class={item.note.kind === 'note' ? 'internal-note' : 'system-entry small-text'}>
                        <div class="small-text">
                          {item.note.kind === 'note' ? <strong>{t.internalNote}</strong> : null} {item.note.kind === 'note' ? '·' : ''} {item.note.byName ?? item.note.byUserId} · {clock(item.note.at)}
                          {item.note.kind === 'action' ? ` · ${item.note.action === 'assign' ? t.historyActionAssign : item.note.action === 'transfer' ? t.historyActionTransfer : t.historyActionClose}${item.note.toQueueId ? ` → ${item.note.toQueueId}` : ''}${item.note.toAgentId ? ` → ${item.note.toAgentId}` : ''}` : ''}
                        </div>
                        {item.note.text && <div class="note-text">{item.note.text}</div>}
                      </li>
                    ) : null,
                  )}
                </ol>
              </section>
            );
          })}
        </>
      )}
    </div>
  );
}
