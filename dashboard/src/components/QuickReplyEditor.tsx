import { useId, useState } from 'preact/hooks';
import { useT } from '../i18n/I18nProvider';

/** Most buttons LINE shows under a message (quick reply items). */
export const MAX_QUICK_REPLIES = 13;

/** Longest button label LINE takes, in characters. */
export const MAX_QUICK_REPLY_LENGTH = 20;

/**
 * The buttons (LINE quick replies) to send under the next message: a field and Add (Enter adds too), the labels as
 * chips each with a remove button, and how many of the {@link MAX_QUICK_REPLIES} are used. With `adding` false only
 * the chips show, so the agent still sees what goes with the message.
 */
export function QuickReplyEditor(props: { labels: readonly string[]; adding: boolean; onChange: (labels: readonly string[]) => void }) {
  const t = useT();
  const inputId = useId();
  const helpId = useId();
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState<string | undefined>(undefined);
  const full = props.labels.length >= MAX_QUICK_REPLIES;
  const add = (): void => {
    const label = draft.trim();
    if (!label) return;
    if (full) return setNote(t.buttonsFull(MAX_QUICK_REPLIES));
    if (props.labels.includes(label)) return setNote(t.buttonAlreadyAdded(label));
    props.onChange([...props.labels, label]);
    setDraft('');
    setNote(undefined);
  };
  return (
    <div class="quick-replies" role="group" aria-label={t.buttons}>
      {props.adding && (
        <div class="quick-reply-add">
          <label for={inputId}>{t.buttonLabel}</label>
          <input
            id={inputId}
            type="text"
            maxLength={MAX_QUICK_REPLY_LENGTH}
            value={draft}
            disabled={full}
            aria-describedby={helpId}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.isComposing || event.keyCode === 229) return;
              // Enter adds the button: it must not send the message the field is part of.
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
          <button type="button" class="small" disabled={full || !draft.trim()} onClick={add}>
            {t.addButton}
          </button>
          <span class="muted small-text" aria-live="polite">
            {t.buttonsCount(props.labels.length, MAX_QUICK_REPLIES)}
          </span>
        </div>
      )}
      {props.adding && (
        <p id={helpId} class="muted small-text quick-reply-help">
          {note ?? t.buttonsHelp}
        </p>
      )}
      {props.labels.length > 0 && (
        <ul class="chips quick-reply-chips" aria-label={t.buttonsToSend}>
          {props.labels.map((label) => (
            <li key={label}>
              <span>{label}</span>
              <button type="button" class="chip-remove" aria-label={t.removeButton(label)} onClick={() => props.onChange(props.labels.filter((candidate) => candidate !== label))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
