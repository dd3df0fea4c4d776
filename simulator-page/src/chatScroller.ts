/** How close to the end (in CSS pixels) still counts as reading the newest messages. */
const PINNED_SLACK_PX = 48;

/**
 * Keeps the chat log scrolled to its newest message while the user reads the end of it. Once the user scrolls up to
 * read older messages, new ones no longer move the view; a "new messages" button appears instead and takes them
 * back to the end.
 *
 * @example
 * const scroller = new ChatScroller(byId('log-scroller'), byId('new-messages'));
 * log.appendChild(item);
 * scroller.added(false);
 */
export class ChatScroller {
  private pinned = true;
  private lastScrollTop = 0;

  constructor(
    private readonly log: HTMLElement,
    private readonly newMessagesButton: HTMLButtonElement,
  ) {
    log.addEventListener('scroll', () => {
      // Only a move up means the user went to read older messages: content growing below (a picture decoding, a
      // message arriving) also fires scroll events while scrollTop stays put, and must not stop the following.
      const scrollTop = log.scrollTop;
      if (scrollTop < this.lastScrollTop - 1) this.pinned = false;
      else if (this.atEnd()) this.pinned = true;
      this.lastScrollTop = scrollTop;
      if (this.pinned) this.newMessagesButton.hidden = true;
    });
    newMessagesButton.addEventListener('click', () => {
      this.toEnd();
      log.focus();
    });
  }

  /** Follows growth of `content` (lines, pictures, cards laying out) while the user reads the end. */
  watch(content: HTMLElement): void {
    if (typeof ResizeObserver === 'undefined') return;
    new ResizeObserver(() => this.grew()).observe(content);
  }

  /** After a message was appended: follow it when the user reads the end or sent it, else offer the button. */
  added(sentByUser: boolean): void {
    if (this.pinned || sentByUser) this.toEnd();
    else this.newMessagesButton.hidden = false;
  }

  /** After content grew in place (a picture loaded): stay at the end if the user was there. */
  grew(): void {
    if (this.pinned) this.toEnd();
  }

  /** Jumps to the newest message. */
  toEnd(): void {
    this.pinned = true;
    this.newMessagesButton.hidden = true;
    this.log.scrollTop = this.log.scrollHeight;
    this.lastScrollTop = this.log.scrollTop;
  }

  private atEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight <= PINNED_SLACK_PX;
  }
}
