import { renderAction } from './actionControls';
import type { ChatScroller } from './chatScroller';
import { byId, el, timeLabel } from './dom';
import { jpegUrlOfBase64 } from './imageThumbnail';
import type { LineQuickReplyItem } from './lineMessage';
import { renderContent, type ContentContext } from './messageContent';
import { stickerCard } from './stickerCard';
import type { Delivery, TranscriptEntry, UserContent } from './transcript';

/**
 * Draws the chat: transcript lines into the log (`#log`), the quick replies (`#quick-replies`) and the typing
 * indicator (`#loading`). It keeps the line under each user message so a delivery result can update it.
 */
export class ChatView {
  private readonly metas = new Map<string, HTMLElement>();
  private readonly log = byId<HTMLOListElement>('log');
  private loadingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly context: ContentContext,
    private readonly scroller: ChatScroller,
  ) {}

  /** Empties the log (another user's chat is about to be shown). */
  clear(): void {
    this.metas.clear();
    this.log.replaceChildren();
    this.hideLoading();
  }

  /**
   * Appends a line. `localImageUrl` shows a picture the user just picked at full size (restored lines show the
   * thumbnail kept with the chat).
   * Restored lines pass `restoring` so the log jumps to the end once, after all of them.
   */
  append(entry: TranscriptEntry, options: { readonly localImageUrl?: string; readonly restoring?: boolean } = {}): void {
    const item = this.draw(entry, options.localImageUrl);
    this.log.appendChild(item);
    if (!options.restoring) this.scroller.added(entry.kind === 'user');
  }

  /** Shows how the webhook took a user's line. */
  showDelivery(id: string, delivery: Delivery): void {
    const meta = this.metas.get(id);
    if (!meta) return;
    meta.textContent = delivery.text;
    meta.className = delivery.kind ? `meta ${delivery.kind}` : 'meta';
  }

  /** Shows the quick replies on offer (none hides the row). */
  showQuickReplies(items: readonly LineQuickReplyItem[]): void {
    const container = byId('quick-replies');
    container.replaceChildren(...items.map((item) => renderAction(item?.action, this.context, true)).filter((control): control is HTMLElement => control !== null));
    container.hidden = container.childElementCount === 0;
  }

  /** Shows "The bot is typing…" for `seconds`, or until the bot's next message. */
  showLoading(seconds: number): void {
    byId('loading').hidden = false;
    clearTimeout(this.loadingTimer);
    this.loadingTimer = setTimeout(() => this.hideLoading(), seconds * 1000);
  }

  /** Hides the typing indicator. */
  hideLoading(): void {
    clearTimeout(this.loadingTimer);
    byId('loading').hidden = true;
  }

  private draw(entry: TranscriptEntry, localImageUrl: string | undefined): HTMLLIElement {
    switch (entry.kind) {
      case 'system':
        return el('li', { className: 'msg system', text: entry.text });
      case 'user': {
        const meta = el('span', { className: 'meta', text: 'sending…' });
        this.metas.set(entry.id, meta);
        if (entry.delivery) this.showDelivery(entry.id, entry.delivery);
        return el('li', { className: 'msg user' }, [this.drawUserContent(entry.content, localImageUrl), meta]);
      }
      case 'bot': {
        const { via, message = {}, at } = entry.event;
        const badge = el('span', {
          className: `badge ${via ?? 'reply'}`,
          text: via === 'push' ? 'push (paid)' : 'reply',
          attrs: { title: via === 'push' ? 'Sent as a push message: counts against the paid quota' : 'Sent with a reply token: free' },
        });
        const sender = message.sender?.name ? el('span', { text: message.sender.name }) : null;
        const meta = el('span', { className: 'meta' }, [badge, sender, el('span', { text: timeLabel(at) })]);
        return el('li', { className: 'msg bot' }, [renderContent(message, this.context), meta]);
      }
    }
  }

  private drawUserContent(content: UserContent, localImageUrl: string | undefined): HTMLElement {
    switch (content.type) {
      case 'text':
        return el('div', { className: 'bubble', text: content.text });
      case 'sticker':
        return stickerCard(content.packageId, content.stickerId, this.context.stickers);
      case 'location':
        return el('div', { className: 'bubble', text: `Location: ${content.title}` });
      case 'image': {
        const url = localImageUrl ?? (content.thumbnail ? jpegUrlOfBase64(content.thumbnail) : undefined);
        if (!url) return el('div', { className: 'bubble', text: `Image: ${content.name}` });
        const image = el('img', { className: 'chat-image user-image', attrs: { alt: `Your image: ${content.name}` } });
        image.addEventListener('load', () => this.context.imageLoaded());
        image.src = url;
        return image;
      }
    }
  }
}
