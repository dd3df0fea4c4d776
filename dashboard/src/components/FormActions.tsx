import type { ComponentChildren } from 'preact';
import { useT } from '../i18n/I18nProvider';

/** A form's closing row: its submit button (off while `busy` or `disabled`; `busyLabel` while busy) and *Cancel*. */
export function FormActions(props: { submitLabel: ComponentChildren; busy?: boolean; busyLabel?: string; disabled?: boolean; onCancel: () => void }) {
  const t = useT();
  return (
    <div class="actions">
      <button type="submit" disabled={props.busy === true || props.disabled === true}>
        {props.busy && props.busyLabel ? props.busyLabel : props.submitLabel}
      </button>
      <button type="button" class="secondary" onClick={props.onCancel}>
        {t.cancel}
      </button>
    </div>
  );
}
