/** An error said by the server or the network, announced to screen readers. */
export function ErrorNote(props: { message: string | undefined; onDismiss?: () => void }) {
  if (!props.message) return null;
  return (
    <p class="error" role="alert">
      <span>{props.message}</span>
      {props.onDismiss && (
        <button type="button" class="link-button" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </p>
  );
}
