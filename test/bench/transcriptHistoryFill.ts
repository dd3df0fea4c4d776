import { performance } from 'node:perf_hooks';
import type { Activity } from 'botbuilder';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { TranscriptTermBackfill } from '../../src/history/transcriptTermBackfill';
import { TranscriptMessageTexts } from '../../src/transcripts/transcriptMessageTexts';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { TranscriptTermRepository } from '../../src/transcripts/transcriptTermRepository';
import { botActivity, customerActivity } from './storageBench';

/** How a {@link fillTranscriptHistory} went. */
export interface HistoryFill {
  /** Activities written. */
  readonly activities: number;
  /** How long writing them took, in seconds. */
  readonly seconds: number;
  /** Activities written per second (0 when none were). */
  readonly perSecond: number;
}

/**
 * Activities of one conversation handed to `logActivities` at once: the batched write the server itself uses for a
 * turn (one conversation write and one insert per batch), just with longer batches, so a large history fills quickly.
 */
const BATCH = 100;

/**
 * Writes `size` transcript activities into the embedded store in `dataDir` through `TranscriptRepository`, spread
 * evenly over the conversations of `userIds` (all written concurrently), alternating a customer's question and the
 * bot's answer as the server logs them — so the documents are exactly what the server would have stored, sequence
 * numbers, conversation summaries and the text index included, as in a store this version wrote from its first day (its
 * one-off backfill of older messages found nothing then), so a server started on it has no indexing left to do and
 * what is measured is the steady state. Used by the history sweep and by the long-history run of our server.
 *
 * @example const { seconds } = await fillTranscriptHistory(dataDir, benchUserIds(1_000), 500_000);
 */
export async function fillTranscriptHistory(dataDir: string, userIds: readonly string[], size: number): Promise<HistoryFill> {
  const store = await openSqliteDocumentStore({ dataDir });
  try {
    const terms = await TranscriptTermRepository.open(store);
    const backfill = await TranscriptTermBackfill.open(store, await TranscriptMessageTexts.open(store), terms);
    while (!(await backfill.runSome()));
    const transcripts = await TranscriptRepository.open(store, { termIndex: terms });
    const perConversation = Math.ceil(size / userIds.length);
    const started = performance.now();
    let claimed = 0;
    await Promise.all(
      userIds.map(async (userId) => {
        for (let index = 0; index < perConversation && claimed < size; ) {
          const batch: Partial<Activity>[] = [];
          for (; batch.length < BATCH && index < perConversation && claimed < size; index += 1, claimed += 1) {
            batch.push(index % 2 === 0 ? customerActivity(userId, `question ${index}: where is my order #${index}?`) : botActivity(userId, `You said: question ${index - 1}`));
          }
          await transcripts.logActivities(batch as Activity[]);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { activities: size, seconds, perSecond: size === 0 ? 0 : size / seconds };
  } finally {
    await store.close();
  }
}
