import type { DialogContext } from 'botbuilder-dialogs';

/**
 * The id of the dialog actually waiting for the customer: the active dialog of the innermost
 * container (e.g. a prompt inside a component dialog); `undefined` when no dialog is active.
 *
 * @example
 * if (innermostDialogId(dc) === COMMENT_PROMPT) { … }
 */
export function innermostDialogId(dc: DialogContext): string | undefined {
  let current = dc;
  for (let child = current.child; child !== undefined; child = current.child) current = child;
  return current.activeDialog?.id;
}
