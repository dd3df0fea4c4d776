import { AGENT_FILES_COLLECTION, blobIdOf, previewBlobIdOf } from '../attachments/agentFileRepository';
import { ATTACHMENTS_COLLECTION } from '../attachments/attachmentRepository';
import type { Filter, StoredDocument } from '../storage/engine/documentStore';
import { HANDOFF_CONVERSATIONS_COLLECTION } from '../handoff/handoffConversationRepository';
import { HANDOFF_CYCLES_COLLECTION } from '../reports/handoffCycleRepository';
import { REPORT_DIGESTS_COLLECTION } from '../reports/reportDigestRepository';
import { TRANSCRIPT_TERMS_COLLECTION } from '../transcripts/transcriptTermRepository';

/** Which setting decides a target's age limit: `TRANSCRIPT_RETENTION_DAYS`, or the LINE inbox's own. */
export type RetentionSetting = 'personalData' | 'lineInbox';

/** One kind of data the retention sweep deletes by age. */
export interface RetentionTarget {
  /** The name reported in logs, results and the `kind` label of the metrics. */
  readonly kind: string;
  readonly collection: string;
  readonly setting: RetentionSetting;
  /** The Date field whose age decides (indexed by the sweep, after the fields of `also`). */
  readonly ageField: string;
  /** The age field holds milliseconds since the epoch instead of a Date. */
  readonly ageInMs?: true;
  /** More conditions a document must meet to go (e.g. a handoff must be closed). */
  readonly also?: Filter;
  /** Blob ids the document describes, deleted before it. */
  readonly blobs?: (document: StoredDocument) => readonly string[];
  /**
   * The collection's owner already indexes the age field (with a lifetime of its own): the sweep uses that index rather
   * than declaring a second one on the same field, which the stores would refuse as a conflicting definition.
   */
  readonly indexedByOwner?: true;
}

/**
 * Everything the retention sweep deletes by the age of one date field (customer profiles, which also need their
 * conversations gone, and the data of channels with a lifetime of their own are handled apart).
 */
export const RETENTION_TARGETS: readonly RetentionTarget[] = [
  { kind: 'transcriptActivities', collection: 'transcripts', setting: 'personalData', ageField: 'timestamp' },
  { kind: 'conversations', collection: 'conversations', setting: 'personalData', ageField: 'lastActivityAt' },
  { kind: 'attachments', collection: ATTACHMENTS_COLLECTION, setting: 'personalData', ageField: 'createdAt', blobs: (document) => [document._id] },
  { kind: 'agentFiles', collection: AGENT_FILES_COLLECTION, setting: 'personalData', ageField: 'createdAt', blobs: (document) => [previewBlobIdOf(document._id), blobIdOf(document._id)] },
  { kind: 'surveys', collection: 'surveys', setting: 'personalData', ageField: 'at' },
  // An open handoff is never deleted, however old its start: only closed ones age out.
  { kind: 'handoffs', collection: HANDOFF_CONVERSATIONS_COLLECTION, setting: 'personalData', ageField: 'closedAt', also: { state: 'closed' } },
  { kind: 'handoffNotes', collection: 'handoffNotes', setting: 'personalData', ageField: 'at' },
  // A conversation's place in the assignment cycle: only a closed one goes (a queued or served one is in use).
  { kind: 'handoffWork', collection: 'handoffWork', setting: 'personalData', ageField: 'enqueuedAt', also: { state: 'closed' } },
  // Both also expire by a TTL index of their owner on `at` (a week; 90 days), whichever comes first.
  { kind: 'handoffAgentMessages', collection: 'handoffAgentMessages', setting: 'personalData', ageField: 'at', indexedByOwner: true },
  { kind: 'deliveryMarks', collection: 'handoffDeliveryMarks', setting: 'personalData', ageField: 'at', indexedByOwner: true },
  { kind: 'handoffCycles', collection: HANDOFF_CYCLES_COLLECTION, setting: 'personalData', ageField: 'requestedAt' },
  // A quarter hour of the report digest goes once all of it is past the cut-off (its entries name conversations).
  { kind: 'reportDigests', collection: REPORT_DIGESTS_COLLECTION, setting: 'personalData', ageField: 'slotEnd', ageInMs: true },
  // The text index: a day's postings go as soon as the day began before the cut-off (a little early, never late).
  { kind: 'transcriptTerms', collection: TRANSCRIPT_TERMS_COLLECTION, setting: 'personalData', ageField: 'day' },
  // Dialog and user state of every channel, by its last write (LINE's included; other channels' also go sooner, by channel).
  { kind: 'botState', collection: 'botState', setting: 'personalData', ageField: 'updatedAt' },
  // Only events the worker is done with: a pending event is still to be run, whatever its age. Aged by their last
  // change, which for a done event is at or after its arrival, so redeliveries are recognised at least as long.
  { kind: 'lineInboxEvents', collection: 'lineInbox', setting: 'lineInbox', ageField: 'updatedAt', also: { state: { $in: ['done', 'dead'] } } },
];
