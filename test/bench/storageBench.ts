import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Activity } from 'botbuilder';
import { lineEventToActivity } from '../../adapters/line/lineEventToActivity';
import { openSqliteDocumentStore } from '../../src/storage/engine/sqliteDocumentStore';
import { LineEventInboxRepository } from '../../src/inbox/lineEventInboxRepository';
import { TranscriptRepository } from '../../src/transcripts/transcriptRepository';
import { BOT_USER_ID, textMessageEvent, userSource } from '../fixtures/lineEvents';
import { benchUserIds } from './benchEvents';
import { summarise, type LatencySummary } from './latencySummary';

/** Sizes and time limits of the storage measurements. */
export interface StorageBenchOptions {
  /** Conversations the transcript writes are spread over (written to concurrently, each in order). */
  readonly conversations: number;
  /** Transcript activities to write at most. */
  readonly transcriptActivities: number;
  /** The transcript part stops after this long even when not all activities are written. */
  readonly transcriptMaxSeconds: number;
  /** Inbox admissions (one event each) to measure at most. */
  readonly inboxAdmits: number;
  /** The inbox part stops after this long even when not all admissions are done. */
  readonly inboxMaxSeconds: number;
}

/** Defaults sized to finish well within 20 s on a laptop. */
export const DEFAULT_STORAGE_BENCH_OPTIONS: StorageBenchOptions = Object.freeze({
  conversations: 100,
  transcriptActivities: 6_000,
  transcriptMaxSeconds: 8,
  inboxAdmits: 3_000,
  inboxMaxSeconds: 5,
});

/** What the storage measurements found, on the embedded store. */
export interface StorageMeasurement {
  readonly store: 'embedded';
  readonly transcript: {
    readonly conversations: number;
    /** Activities logged (half customer messages, half bot answers). */
    readonly activities: number;
    readonly seconds: number;
    readonly perSecond: number;
    /** Latency of one `logActivity` call, ms. */
    readonly latency: LatencySummary;
    /** Whether the time limit stopped it before every activity was written. */
    readonly cutShort: boolean;
    /** CPU time (user + system) of this process per logged activity, ms: the store's cost of it. */
    readonly cpuMsPerActivity: number;
  };
  readonly inbox: {
    /** `admit` calls made, one new event each, one after another. */
    readonly admits: number;
    readonly seconds: number;
    /** Latency of one `admit` call, ms. */
    readonly latency: LatencySummary;
    readonly cutShort: boolean;
  };
}

const ACCOUNT_ID = 'default';
const DATA_API_BASE_URL = 'https://api-data.line.me';
const API_BASE_URL = 'https://api.line.me';

/**
 * Measures the embedded store under the two write paths every webhook event takes, in a fresh temporary DATA_DIR:
 * transcript writes (`TranscriptRepository.logActivity`, sequential within each conversation as the transcript
 * middleware does, concurrent across conversations) and inbox admissions (`LineEventInboxRepository.admit` of
 * one-event batches, one after another, as the webhook does before answering). Both parts are bounded in count and
 * time; the data directory is removed afterwards.
 *
 * @example const storage = await measureStorage(DEFAULT_STORAGE_BENCH_OPTIONS, (line) => console.log(line));
 */
export async function measureStorage(options: StorageBenchOptions, progress: (line: string) => void): Promise<StorageMeasurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'line-omnichannel-storage-bench-'));
  try {
    const store = await openSqliteDocumentStore({ dataDir });
    try {
      progress(`storage: transcript writes, up to ${options.transcriptActivities} activities over ${options.conversations} conversations (embedded store)`);
      const transcript = await measureTranscriptWrites(await TranscriptRepository.open(store), options);
      progress(`storage: inbox admissions, up to ${options.inboxAdmits} one-event batches (embedded store)`);
      const inbox = await measureInboxAdmits(await LineEventInboxRepository.open(store), options);
      return { store: 'embedded', transcript, inbox };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measureTranscriptWrites(transcripts: TranscriptRepository, options: StorageBenchOptions): Promise<StorageMeasurement['transcript']> {
  const userIds = benchUserIds(options.conversations);
  const perConversation = Math.max(1, Math.floor(options.transcriptActivities / userIds.length));
  // A first write per conversation opens the collections, builds indexes and creates the summaries; not measured.
  await Promise.all(userIds.map((userId) => transcripts.logActivity(customerActivity(userId, 'warm-up') as Activity)));

  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.transcriptMaxSeconds * 1000;
  let cutShort = false;
  await Promise.all(
    userIds.map(async (userId) => {
      for (let index = 0; index < perConversation; index += 1) {
        if (performance.now() > deadline) {
          cutShort = true;
          return;
        }
        // Customer message and bot answer alternate, as in a real conversation.
        const activity = index % 2 === 0 ? customerActivity(userId, `question ${index}: where is my order #${index}?`) : botActivity(userId, `You said: question ${index - 1}`);
        const begin = performance.now();
        await transcripts.logActivity(activity as Activity);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMsPerActivity = (used.user + used.system) / 1000 / Math.max(1, latencies.length);
  return { conversations: userIds.length, activities: latencies.length, seconds, perSecond: latencies.length / seconds, latency: summarise(latencies), cutShort, cpuMsPerActivity };
}

async function measureInboxAdmits(inbox: LineEventInboxRepository, options: StorageBenchOptions): Promise<StorageMeasurement['inbox']> {
  const userIds = benchUserIds(options.conversations);
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.inboxMaxSeconds * 1000;
  let cutShort = false;
  for (let index = 0; index < options.inboxAdmits; index += 1) {
    if (performance.now() > deadline) {
      cutShort = true;
      break;
    }
    const event = textMessageEvent({ source: userSource(userIds[index % userIds.length]), message: { text: `inbox-${index}` } });
    const begin = performance.now();
    const { admitted } = await inbox.admit([{ accountId: ACCOUNT_ID, destination: BOT_USER_ID, event, receivedAt: Date.now() }]);
    latencies.push(performance.now() - begin);
    // A benchmark that silently measured deduplication instead of inserts would report nonsense.
    if (admitted.length !== 1) throw new Error(`inbox admission ${index} was not admitted`);
  }
  return { admits: latencies.length, seconds: (performance.now() - started) / 1000, latency: summarise(latencies), cutShort };
}

/** A customer's text message exactly as the LINE adapter hands it to the transcript middleware. */
export function customerActivity(userId: string, text: string): Partial<Activity> {
  const event = textMessageEvent({ source: userSource(userId), message: { text }, timestamp: Date.now() });
  const activity = lineEventToActivity(event, { accountId: ACCOUNT_ID, destination: BOT_USER_ID, dataApiBaseUrl: DATA_API_BASE_URL, serviceUrl: API_BASE_URL });
  if (!activity) throw new Error('a text message event did not map to an activity');
  return { ...activity, from: { ...activity.from, id: activity.from?.id ?? userId, name: `Customer ${userId.slice(1, 7)}`, role: 'user' } };
}

/** The bot's answer as the transcript middleware logs it: the sent activity completed from the conversation. */
export function botActivity(userId: string, text: string): Partial<Activity> {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'line',
    serviceUrl: API_BASE_URL,
    conversation: { id: `${ACCOUNT_ID}:user:${userId}`, conversationType: 'personal', isGroup: false, name: '' },
    from: { id: BOT_USER_ID, name: '', role: 'bot' },
    recipient: { id: userId, name: '', role: 'user' },
    text,
    inputHint: 'acceptingInput',
    suggestedActions: {
      to: [],
      actions: ['Hello', 'Show a card', 'Help'].map((title) => ({ type: 'imBack', title, value: title })),
    },
    timestamp: new Date(),
  };
}
