/**
 * The parts of LINE Messaging API objects the page reads. The server checks what the bot sends against LINE's rules,
 * so every field here is optional: the page draws whatever arrived and never trusts a field to be there.
 */

/** A LINE action (a button, a quick reply, an imagemap area). */
export interface LineAction {
  readonly type?: string;
  readonly label?: string;
  readonly text?: string;
  readonly data?: string;
  readonly displayText?: string;
  readonly uri?: string;
  readonly linkUri?: string;
  readonly mode?: string;
  readonly initial?: string;
  readonly min?: string;
  readonly max?: string;
  readonly clipboardText?: string;
}

/** A quick-reply button. */
export interface LineQuickReplyItem {
  readonly type?: string;
  readonly action?: LineAction;
}

/** A column of a buttons, carousel or image-carousel template. */
export interface LineTemplateColumn {
  readonly thumbnailImageUrl?: string;
  readonly imageUrl?: string;
  readonly title?: string;
  readonly text?: string;
  readonly actions?: readonly LineAction[];
  readonly action?: LineAction;
}

/** A template message's `template`. */
export interface LineTemplate extends LineTemplateColumn {
  readonly type?: string;
  readonly columns?: readonly LineTemplateColumn[];
}

/** A flex component (box, text, image, button, separator…), a bubble or a carousel. */
export interface LineFlexNode {
  readonly type?: string;
  readonly layout?: string;
  readonly contents?: readonly LineFlexNode[];
  readonly text?: string;
  readonly weight?: string;
  readonly url?: string;
  readonly action?: LineAction;
  readonly header?: LineFlexNode;
  readonly hero?: LineFlexNode;
  readonly body?: LineFlexNode;
  readonly footer?: LineFlexNode;
}

/** A textV2 substitution (`{name}` in the text). */
export interface LineSubstitution {
  readonly type?: string;
  readonly mentionee?: { readonly type?: string; readonly userId?: string };
}

/** A message the bot sent. */
export interface LineMessage {
  readonly type?: string;
  readonly text?: string;
  readonly substitution?: Readonly<Record<string, LineSubstitution>>;
  readonly packageId?: string;
  readonly stickerId?: string;
  readonly originalContentUrl?: string;
  readonly previewImageUrl?: string;
  readonly duration?: number;
  readonly title?: string;
  readonly address?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly baseUrl?: string;
  readonly altText?: string;
  readonly actions?: readonly LineAction[];
  readonly template?: LineTemplate;
  readonly contents?: LineFlexNode;
  readonly quickReply?: { readonly items?: readonly LineQuickReplyItem[] };
  readonly sender?: { readonly name?: string };
}

/** A `bot-message` event of the simulator's stream. */
export interface BotMessageEvent {
  readonly via?: 'reply' | 'push';
  readonly message?: LineMessage;
  readonly messageId?: string;
  readonly at?: number;
}
