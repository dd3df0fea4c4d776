import { useRef, useState } from 'preact/hooks';
import { adminTexts } from '../i18n/current';
import { useAdminT } from '../i18n/I18nProvider';

/** A read-only value with a Copy button (the clipboard API needs HTTPS or localhost; otherwise the text is selected). */
export function CopyField(props: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const a = useAdminT();
  const copy = async (): Promise<void> => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(adminTexts().copied);
    } catch {
      setCopied(adminTexts().copySelected);
    }
  };
  return (
    <div class="copy-field">
      <label for={props.id}>{props.label}</label>
      <div class="input-row">
        <input id={props.id} ref={input} readOnly value={props.value} class="mono" onFocus={(event) => event.currentTarget.select()} />
        <button type="button" class="secondary" onClick={() => void copy()}>
          {a.copy}
        </button>
      </div>
      <span class="muted small-text" role="status">
        {copied ?? ''}
      </span>
    </div>
  );
}
