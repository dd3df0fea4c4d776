import { useT } from '../i18n/I18nProvider';

/** An error said by the server or the network, announced to screen readers. */
export function ErrorNote(props: { message: string | undefined; onDismiss?: () => void }) {
  const t = useT();
  if (!props.message) return null;
  return (
    <p class="error" role="alert">
      <span>{props.message}</span>
      {props.onDismiss && (
        <button type="button" class="link-button" onClick={props.onDismiss}>
          {t.dismiss}
        </button>
      )}
    </p>
  );
}
