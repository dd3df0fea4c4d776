import { Fragment } from 'preact';

/**
 * A catalogue text whose `*starred*` words are shown in bold (the names of buttons and tabs in another product's
 * screens), the rest as plain text: no HTML ever comes from a catalogue.
 *
 * @example <RichText text={a.stepUseWebhook} />  // 'Turn on *Use webhook*.' → Turn on <strong>Use webhook</strong>.
 */
export function RichText(props: { text: string }) {
  return (
    <>
      {props.text.split('*').map((part, index) => (index % 2 === 1 ? <strong key={index}>{part}</strong> : <Fragment key={index}>{part}</Fragment>))}
    </>
  );
}
