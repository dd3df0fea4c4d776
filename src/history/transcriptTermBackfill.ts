import type { Logger } from 'pino';
import type { DocumentCollection, DocumentStore } from '../storage/engine/documentStore';
import type { TranscriptMessageTexts } from '../transcripts/transcriptMessageTexts';
import type { TranscriptTermRepository } from '../transcripts/transcriptTermRepository';

/** Collection holding how far the backfill of the text index has come (one document). */
export const TRANSCRIPT_TERM_BACKFILL_COLLECTION = 'transcriptTermBackfill';

type ProgressDocument = { _id: string; afterId?: string; done: boolean; indexed: number; updatedAt: Date };

const PROGRESS_ID = 'transcriptTerms';

/** Options of {@link TranscriptTermBackfill.open}. */
export interface TranscriptTermBackfillOptions {
  /** Activities read per batch (default 500). */
  readonly batchSize?: number;
  /** Batches per call of {@link TranscriptTermBackfill.runSome} (default 20), so one round stays short. */
  readonly batchesPerRun?: number;
  readonly logger?: Logger;
}

/**
 * Builds the transcript text index for the messages stored before it existed, once: it reads the transcripts in the
 * order of their storage id, a batch at a time, indexes their texts and saves how far it came, so a restart (or another
 * instance taking over the sweep lease) resumes where it stopped. Messages logged meanwhile are indexed as they are
 * written; indexing one twice changes nothing. The sweep leader runs it (see `leaderSweep.ts`).
 *
 * @example
 * const backfill = await TranscriptTermBackfill.open(store, await TranscriptMessageTexts.open(store), transcriptTerms, { logger });
 * await backfill.runSome(); // from the leader's sweep, until it reports done
 */
export class TranscriptTermBackfill {
  private running: Promise<boolean> | undefined;
  private finished = false;

  private constructor(
    private readonly progress: DocumentCollection<ProgressDocument>,
    private readonly transcripts: TranscriptMessageTexts,
    private readonly terms: TranscriptTermRepository,
    private readonly options: TranscriptTermBackfillOptions,
  ) {}

  /** Opens the progress collection. */
  static async open(store: DocumentStore, transcripts: TranscriptMessageTexts, terms: TranscriptTermRepository, options: TranscriptTermBackfillOptions = {}): Promise<TranscriptTermBackfill> {
    return new TranscriptTermBackfill(await store.collection<ProgressDocument>(TRANSCRIPT_TERM_BACKFILL_COLLECTION), transcripts, terms, options);
  }

  /** Indexes the next few batches unless a run is in progress or the backfill is done; resolves `true` once it is done. */
  runSome(): Promise<boolean> {
    if (this.finished) return Promise.resolve(true);
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when the run in progress (if any) has ended, however it ended; for shutdown. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<boolean> {
    const saved = await this.progress.findOne({ _id: PROGRESS_ID });
    if (saved?.done) return (this.finished = true);
    let afterId = saved?.afterId;
    let indexed = saved?.indexed ?? 0;
    for (let batch = 0; batch < (this.options.batchesPerRun ?? 20); batch += 1) {
      const { messages, lastId } = await this.transcripts.inStorageOrder(afterId, this.options.batchSize ?? 500);
      if (lastId === undefined) {
        await this.progress.updateOne({ _id: PROGRESS_ID }, { $set: { done: true, indexed, updatedAt: new Date() } }, { upsert: true });
        this.options.logger?.info({ indexed }, 'the transcript text index holds every stored message');
        return (this.finished = true);
      }
      // One message at a time: the bound on terms per write then applies per message, as when it was logged.
      for (const message of messages) await this.terms.record(message.channelId, message.conversationId, message.customerId, [message]);
      indexed += messages.length;
      afterId = lastId;
      await this.progress.updateOne({ _id: PROGRESS_ID }, { $set: { afterId, done: false, indexed, updatedAt: new Date() } }, { upsert: true });
    }
    return false;
  }
}
