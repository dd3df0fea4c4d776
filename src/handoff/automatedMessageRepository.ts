import { isSupportedLanguage, type SupportedLanguage } from '../../dialogs/language/supportedLanguage.js';
import {
  AUTOMATED_MESSAGE_KEYS,
  DEFAULT_AUTOMATED_MESSAGES,
  templateProblems,
  type AutomatedMessageKey,
  type AutomatedMessages,
} from '../../dialogs/texts/automatedMessages.js';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../storage/engine/documentStore.js';
import { DomainError } from '../domainError';

/** Name of the collection of operators' automated-message overrides. */
export const AUTOMATED_MESSAGES_COLLECTION = 'automatedMessages';

/** Longest workstream id accepted; ids are chosen by the system, not typed by customers. */
const MAX_WORKSTREAM_ID_LENGTH = 200;

/**
 * The overrides of one workstream in one language: `_id` is `${workstreamId}|${language}`, and only the keys an
 * operator changed are present, beside `updatedAt`.
 */
type AutomatedMessageDocument = { _id: string; updatedAt: Date } & Partial<Record<AutomatedMessageKey, string>>;

/**
 * An override, workstream id, language or message key was refused; nothing was written. `key` names what was wrong
 * (a message key such as `positionInQueue`, or `workstreamId` / `language`) and is the field at fault of the 400,
 * `problems` says why.
 */
export class AutomatedMessageValidationError extends DomainError {
  constructor(
    readonly key: string,
    readonly problems: readonly string[],
  ) {
    super('automated_message_invalid', 400, `invalid automated message ${key}: ${problems.join('; ')}`, { field: key });
  }
}

/** Options of {@link AutomatedMessageRepository.open}. */
export interface AutomatedMessageRepositoryOptions {
  /** Clock, for tests. */
  readonly now?: () => Date;
}

/**
 * The automated messages of each workstream and language: the defaults of `DEFAULT_AUTOMATED_MESSAGES`, with the
 * overrides operators saved (collection `automatedMessages`). Overrides are checked with `templateProblems` before
 * they are stored, so a stored template always renders.
 *
 * @example
 * const messages = await AutomatedMessageRepository.open(store);
 * await messages.setOverrides('orders', 'ja', { greeting: 'いらっしゃいませ。ご用件をどうぞ。' });
 * const ja = await messages.get('orders', 'ja');
 * renderTemplate(ja.positionInQueue, { Position: 3 });
 */
export class AutomatedMessageRepository {
  private constructor(
    private readonly overridesCollection: DocumentCollection<AutomatedMessageDocument>,
    private readonly now: () => Date,
  ) {}

  /** Opens the collection `automatedMessages` of `store`. */
  static async open(store: DocumentStore, options: AutomatedMessageRepositoryOptions = {}): Promise<AutomatedMessageRepository> {
    const collection = await store.collection<AutomatedMessageDocument>(AUTOMATED_MESSAGES_COLLECTION);
    return new AutomatedMessageRepository(collection, options.now ?? (() => new Date()));
  }

  /**
   * Every automated message of a workstream in a language: its overrides where there are some, the defaults elsewhere.
   *
   * @throws {AutomatedMessageValidationError} when the workstream id or language is invalid.
   */
  async get(workstreamId: string, language: SupportedLanguage): Promise<AutomatedMessages> {
    const id = documentId(workstreamId, language);
    return merged(language, await this.overridesCollection.findOne({ _id: id }));
  }

  /**
   * Only the messages operators changed for a workstream in a language (empty when none), for an editor to tell them
   * from the defaults.
   *
   * @throws {AutomatedMessageValidationError} when the workstream id or language is invalid.
   */
  async overrides(workstreamId: string, language: SupportedLanguage): Promise<Partial<AutomatedMessages>> {
    const id = documentId(workstreamId, language);
    return overridesOf(await this.overridesCollection.findOne({ _id: id }));
  }

  /**
   * Stores overrides of some messages of a workstream in a language, keeping its other overrides, and returns the
   * messages as they are now. All overrides are checked before any is written.
   *
   * @throws {AutomatedMessageValidationError} naming the first key whose template has problems (or that is no message
   *   key), or an invalid workstream id or language.
   * @example await messages.setOverrides('billing', 'en', { estimatedWait: 'About {WaitTime} to go.' })
   */
  async setOverrides(workstreamId: string, language: SupportedLanguage, overrides: Partial<AutomatedMessages>): Promise<AutomatedMessages> {
    const id = documentId(workstreamId, language);
    const $set: Record<string, unknown> = {};
    for (const [key, template] of Object.entries(overrides)) {
      // A parsed request's absent optional fields arrive as undefined; they ask for no change.
      if (template === undefined) continue;
      assertMessageKey(key);
      const problems = typeof template === 'string' ? templateProblems(template) : ['the template must be text'];
      if (problems.length > 0) throw new AutomatedMessageValidationError(key, problems);
      $set[key] = template;
    }
    if (Object.keys($set).length === 0) return this.get(workstreamId, language);
    $set.updatedAt = this.now();

    let stored: AutomatedMessageDocument | undefined;
    try {
      stored = await this.overridesCollection.findOneAndUpdate({ _id: id }, { $set }, { upsert: true });
    } catch (error) {
      // Two first edits at once may both try to insert; the loser updates what the winner inserted.
      if (!(error instanceof DuplicateKeyError)) throw error;
      stored = await this.overridesCollection.findOneAndUpdate({ _id: id }, { $set }, { upsert: true });
    }
    return merged(language, stored);
  }

  /**
   * Goes back to the defaults for `keys` (all messages when absent) of a workstream in a language, and returns the
   * messages as they are now. Resetting what was never overridden changes nothing.
   *
   * @throws {AutomatedMessageValidationError} naming a key that is no message key, or an invalid workstream id or
   *   language.
   */
  async resetOverrides(workstreamId: string, language: SupportedLanguage, keys?: readonly AutomatedMessageKey[]): Promise<AutomatedMessages> {
    const id = documentId(workstreamId, language);
    if (keys === undefined) {
      await this.overridesCollection.deleteOne({ _id: id });
      return merged(language, undefined);
    }
    for (const key of keys) assertMessageKey(key);
    if (keys.length === 0) return this.get(workstreamId, language);

    const $unset: Record<string, true> = {};
    for (const key of keys) $unset[key] = true;
    const stored = await this.overridesCollection.findOneAndUpdate({ _id: id }, { $set: { updatedAt: this.now() }, $unset });
    if (stored && Object.keys(overridesOf(stored)).length === 0) {
      // The document keeps nothing once its last override is gone; the filter leaves it alone if one was set meanwhile.
      const noOverrides = Object.fromEntries(AUTOMATED_MESSAGE_KEYS.map((key) => [key, { $exists: false }]));
      await this.overridesCollection.deleteOne({ _id: id, ...noOverrides });
    }
    return merged(language, stored);
  }
}

function documentId(workstreamId: string, language: SupportedLanguage): string {
  if (typeof workstreamId !== 'string' || workstreamId.trim() === '' || workstreamId.length > MAX_WORKSTREAM_ID_LENGTH || workstreamId.includes('|')) {
    throw new AutomatedMessageValidationError('workstreamId', [`must be 1–${MAX_WORKSTREAM_ID_LENGTH} characters, not blank, without "|"`]);
  }
  if (!isSupportedLanguage(language)) throw new AutomatedMessageValidationError('language', ['must be en, ja, th or zh-TW']);
  return `${workstreamId}|${language}`;
}

function isMessageKey(key: string): key is AutomatedMessageKey {
  return (AUTOMATED_MESSAGE_KEYS as readonly string[]).includes(key);
}

function assertMessageKey(key: string): asserts key is AutomatedMessageKey {
  if (!isMessageKey(key)) throw new AutomatedMessageValidationError(key, [`not an automated message; use one of ${AUTOMATED_MESSAGE_KEYS.join(', ')}`]);
}

function overridesOf(document: AutomatedMessageDocument | undefined): Partial<Record<AutomatedMessageKey, string>> {
  const overrides: Partial<Record<AutomatedMessageKey, string>> = {};
  if (!document) return overrides;
  for (const key of AUTOMATED_MESSAGE_KEYS) {
    const template = document[key];
    if (typeof template === 'string') overrides[key] = template;
  }
  return overrides;
}

function merged(language: SupportedLanguage, document: AutomatedMessageDocument | undefined): AutomatedMessages {
  return Object.freeze({ ...DEFAULT_AUTOMATED_MESSAGES[language], ...overridesOf(document) });
}
