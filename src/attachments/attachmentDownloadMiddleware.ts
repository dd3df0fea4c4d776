import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { AttachmentDownloader } from './attachmentDownloader';

/**
 * Starts keeping a copy of the media a LINE customer sends as soon as it arrives (LINE deletes
 * content after a while). The download runs beside the turn; the downloader retries and logs.
 */
export class AttachmentDownloadMiddleware implements Middleware {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly downloader: AttachmentDownloader) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.channelId === 'line' && activity.type === ActivityTypes.Message && (activity.attachments?.length ?? 0) > 0) {
      const download = this.downloader.downloadFromActivity(activity).finally(() => this.pending.delete(download));
      this.pending.add(download);
    }
    await next();
  }

  /** Resolves when every download started so far has finished (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
