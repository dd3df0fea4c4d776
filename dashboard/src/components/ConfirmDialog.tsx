import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { useT } from '../i18n/I18nProvider';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';

/** Asks before an action that cannot be undone; shows the server's refusal if it comes. */
export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirmLabel: string; danger?: boolean; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const t = useT();
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div class="stack">
        {props.children}
        <ErrorNote message={error} />
        <div class="actions">
          <button type="button" class={props.danger ? 'danger' : ''} disabled={busy} onClick={() => void confirm()}>
            {props.confirmLabel}
          </button>
          <button type="button" class="secondary" onClick={props.onClose} autoFocus>
            {t.cancel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
