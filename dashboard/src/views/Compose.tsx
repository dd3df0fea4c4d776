import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { MAX_FILES_PER_MESSAGE, type FileSending } from '../agentFiles';
import { arrowKey, CannedList, useCannedResponses } from '../components/CannedResponses';
import { QuickReplyEditor } from '../components/QuickReplyEditor';
import { StickerPicker } from '../components/StickerPicker';
import { fileSize } from '../media';
import { texts } from '../i18n/current';
import { useT } from '../i18n/I18nProvider';
import type { CannedResponse, StickerChoice } from '../types';

/** How often, at most, the customer is told the agent is writing (LINE's loading animation lasts longer). */
const TYPING_EVERY_MS = 5_000;

const typingInIme = (event: KeyboardEvent): boolean => event.isComposing || event.keyCode === 229;

/** The files chosen for the next message: names, sizes, a thumbnail of pictures, a button to take each back. */
function ChosenFiles(props: { files: readonly File[]; onRemove: (file: File) => void }) {
  const t = useT();
  return (
    <ul class="chosen-files" aria-label={t.filesToSend}>
      {props.files.map((file, index) => (
        <li key={`${file.name}-${index}`} class="chosen-file">
          <FileThumbnail file={file} />
          <span class="chosen-file-name">{file.name}</span>
          <span class="muted small-text">{fileSize(file.size)}</span>
          <button type="button" class="small secondary" aria-label={t.removeFile(file.name)} onClick={() => props.onRemove(file)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

function FileThumbnail(props: { file: File }) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!props.file.type.startsWith('image/')) return undefined;
    const objectUrl = URL.createObjectURL(props.file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [props.file]);
  return url ? <img class="chosen-file-thumb" src={url} alt="" /> : <span class="chosen-file-thumb file-icon" aria-hidden="true">📎</span>;
}

/** What the compose box needs from its conversation. */
export interface ComposeProps {
  readonly customerName: string;
  /** The conversation's `…/canned-responses` (the customer's language, names filled in). */
  readonly cannedPath: string;
  readonly files: FileSending | undefined;
  /** Sends a message: its text, files and buttons (LINE quick replies). */
  readonly onSend: (text: string, files: readonly File[], buttons: readonly string[]) => void;
  /** Sends a sticker on its own. */
  readonly onSendSticker: (sticker: StickerChoice) => void;
  /** The agent is writing (at most every few seconds, never for an empty box). */
  readonly onTyping: () => void;
}

/**
 * The compose box: Enter sends, Shift+Enter starts a new line; typing in an input method (IME) is never cut off.
 * Typing `/` at the start (or the "Canned responses" button) opens the canned responses of the customer's language,
 * searched by what follows (words or `#tag`); arrows choose, Enter inserts, Escape closes. Files (when `files` allows)
 * are chosen with "Attach files", dropped on the box or pasted into it, and leave with the text, as do the buttons
 * added under "Buttons". "Stickers" opens the sticker picker; a sticker chosen there is sent at once.
 */
export function Compose(props: ComposeProps) {
  const t = useT();
  const [buttons, setButtons] = useState<readonly string[]>([]);
  const [editingButtons, setEditingButtons] = useState(false);
  const [pickingSticker, setPickingSticker] = useState(false);
  const lastTyping = useRef(0);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<readonly File[]>([]);
  const [fileNote, setFileNote] = useState<string | undefined>(undefined);
  const picker = useRef<HTMLInputElement>(null);
  const fileNoteId = useId();
  // Escape closed the `/` list: it stays closed until the box no longer starts with `/`.
  const [dismissed, setDismissed] = useState(false);
  // The list opened by the button, searched in its own field.
  const [browsing, setBrowsing] = useState(false);
  const [browseQuery, setBrowseQuery] = useState('');
  const [active, setActive] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const caret = useRef<number | undefined>(undefined);
  const listId = useId();
  const hintId = useId();

  const slashQuery = !browsing && !dismissed && text.startsWith('/') && !text.includes('\n') ? text.slice(1) : undefined;
  const query = browsing ? browseQuery : slashQuery;
  const found = useCannedResponses(query, props.cannedPath);
  const loading = query !== undefined && found?.query !== query;
  const items = loading ? [] : (found?.items ?? []);
  const open = query !== undefined;

  useEffect(() => setActive(0), [found]);
  useEffect(() => {
    if (browsing) search.current?.focus();
  }, [browsing]);
  // After an insertion: the caret at the end of the inserted text, in the compose box.
  useEffect(() => {
    if (caret.current === undefined || !textarea.current) return;
    textarea.current.focus();
    textarea.current.setSelectionRange(caret.current, caret.current);
    caret.current = undefined;
  });

  const insert = (item: CannedResponse): void => {
    let next: string;
    if (browsing && !text.startsWith('/')) next = text && !/\s$/.test(text) ? `${text} ${item.text}` : `${text}${item.text}`;
    else next = item.text; // the `/query` is replaced
    setText(next);
    caret.current = next.length;
    setBrowsing(false);
    setBrowseQuery('');
    setDismissed(false);
  };
  const closeBrowsing = (): void => {
    setBrowsing(false);
    setBrowseQuery('');
    textarea.current?.focus();
  };
  const submit = (): void => {
    if (!text.trim() && chosen.length === 0) return;
    props.onSend(text, chosen, buttons);
    setButtons([]);
    setEditingButtons(false);
    // The message ends the customer's loading animation: the next keystroke may start it again.
    lastTyping.current = 0;
    setText('');
    setChosen([]);
    setFileNote(undefined);
    setDismissed(false);
  };
  const choose = (added: readonly File[]): void => {
    if (added.length === 0) return;
    if (!props.files?.allowed) return setFileNote(props.files?.reason ?? texts().filesNotAllowed);
    const limit = props.files.maxBytes;
    const tooLarge = added.filter((file) => file.size > limit);
    const fitting = added.filter((file) => file.size <= limit);
    const next = [...chosen, ...fitting].slice(0, MAX_FILES_PER_MESSAGE);
    const notes = [
      ...(tooLarge.length > 0 ? [texts().filesTooLarge(tooLarge.map((file) => file.name).join(', '), fileSize(limit))] : []),
      ...(chosen.length + fitting.length > MAX_FILES_PER_MESSAGE ? [texts().atMostFiles(MAX_FILES_PER_MESSAGE)] : []),
    ];
    setChosen(next);
    setFileNote(notes.length > 0 ? notes.join(' ') : undefined);
  };
  const activeItem = items[Math.min(active, items.length - 1)];
  const activeId = open && activeItem ? `${listId}-${items.indexOf(activeItem)}` : undefined;
  const list = open && <CannedList id={listId} found={loading ? undefined : found} loading={loading} active={Math.min(active, items.length - 1)} onPick={insert} />;

  return (
    <form
      class="compose"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        if (!event.dataTransfer?.files.length) return;
        event.preventDefault();
        choose([...event.dataTransfer.files]);
      }}
    >
      {chosen.length > 0 && <ChosenFiles files={chosen} onRemove={(file) => setChosen((current) => current.filter((candidate) => candidate !== file))} />}
      {(editingButtons || buttons.length > 0) && <QuickReplyEditor labels={buttons} adding={editingButtons} onChange={setButtons} />}
      {fileNote && (
        <p id={fileNoteId} class="file-note small-text" role="status">
          {fileNote}
        </p>
      )}
      <div class="compose-field">
        {list}
        {browsing && (
          <div class="canned-search">
            <label for={`${listId}-search`}>{t.searchCannedResponses}</label>
            <input
              ref={search}
              id={`${listId}-search`}
              type="text"
              role="combobox"
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={activeId}
              placeholder={t.cannedSearchPlaceholder}
              value={browseQuery}
              onInput={(event) => setBrowseQuery(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (typingInIme(event)) return;
                if (arrowKey(event, items.length, active, setActive)) return;
                if (event.key === 'Enter') {
                  event.preventDefault();
                  if (activeItem) insert(activeItem);
                } else if (event.key === 'Escape') {
                  event.preventDefault();
                  closeBrowsing();
                }
              }}
            />
          </div>
        )}
        <label for="compose-text" class="visually-hidden">
          {t.messageTo(props.customerName)}
        </label>
        <textarea
          ref={textarea}
          id="compose-text"
          rows={3}
          maxLength={5000}
          placeholder={t.composePlaceholder(props.customerName)}
          aria-describedby={hintId}
          aria-controls={slashQuery !== undefined ? listId : undefined}
          aria-activedescendant={slashQuery !== undefined ? activeId : undefined}
          value={text}
          onPaste={(event) => {
            const pasted = [...(event.clipboardData?.files ?? [])];
            if (pasted.length === 0) return;
            event.preventDefault();
            choose(pasted);
          }}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            if (!value.startsWith('/')) setDismissed(false);
            const now = Date.now();
            if (value.trim() && !value.startsWith('/') && now - lastTyping.current >= TYPING_EVERY_MS) {
              lastTyping.current = now;
              props.onTyping();
            }
          }}
          onKeyDown={(event) => {
            if (typingInIme(event)) return;
            if (slashQuery !== undefined) {
              if (arrowKey(event, items.length, active, setActive)) return;
              if (event.key === 'Escape') {
                event.preventDefault();
                setDismissed(true);
                return;
              }
              if (event.key === 'Enter' && !event.shiftKey) {
                // Enter inserts the chosen response; while the list is being read it waits; with no match, it sends.
                if (activeItem) {
                  event.preventDefault();
                  insert(activeItem);
                  return;
                }
                if (loading) {
                  event.preventDefault();
                  return;
                }
              }
            }
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <span id={hintId} class="visually-hidden">
          {t.composeHint}
        </span>
      </div>
      <div class="compose-buttons">
        <button
          type="button"
          class="secondary small"
          aria-expanded={browsing}
          onClick={() => {
            if (browsing) closeBrowsing();
            else {
              setDismissed(true);
              setBrowsing(true);
            }
          }}
        >
          {t.cannedResponses}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="compose-file-input"
          onChange={(event) => {
            choose([...(event.currentTarget.files ?? [])]);
            event.currentTarget.value = '';
          }}
        />
        <button
          type="button"
          class="secondary small"
          aria-disabled={!props.files?.allowed}
          aria-describedby={fileNote ? fileNoteId : undefined}
          title={props.files && !props.files.allowed ? props.files.reason : undefined}
          onClick={() => {
            if (props.files?.allowed) picker.current?.click();
            else setFileNote(props.files?.reason ?? t.checkingFiles);
          }}
        >
          {t.attachFiles}
        </button>
        <button type="button" class="secondary small" aria-haspopup="dialog" onClick={() => setPickingSticker(true)}>
          {t.stickers}
        </button>
        <button type="button" class="secondary small" aria-expanded={editingButtons} onClick={() => setEditingButtons((open) => !open)}>
          {buttons.length > 0 ? `${t.buttons} (${buttons.length})` : t.buttons}
        </button>
        <button type="submit" disabled={!text.trim() && chosen.length === 0}>
          {t.send}
        </button>
      </div>
      {pickingSticker && <StickerPicker onPick={props.onSendSticker} onClose={() => setPickingSticker(false)} />}
    </form>
  );
}
