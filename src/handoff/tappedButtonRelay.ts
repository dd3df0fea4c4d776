import type { Activity } from 'botbuilder';
import { tappedLabelOf } from '../transcripts/tappedButtonLabels';

/**
 * The text of a customer's message as agents' live screens show it: the label of a tapped button (with its payload
 * kept as `payload`), else the text as written.
 *
 * @example
 * tappedButtonFields({ text: 'cmd:no', entities: [{ type: 'button.tapped', label: 'No' }] }); // { text: 'No', payload: 'cmd:no' }
 */
export function tappedButtonFields(activity: Partial<Activity>): { readonly text: string | undefined; readonly payload?: string } {
  const label = tappedLabelOf(activity);
  return label === undefined ? { text: activity.text } : { text: label, ...(activity.text !== undefined ? { payload: activity.text } : {}) };
}
