import { LANGUAGES, type Language, type Localized, type SelfServiceContent, type SelfServiceContentIssue, type SelfServiceTopic } from '../../../types';
import { adminTexts } from '../../../i18n/current';

/** LINE's limit on a button label: topic titles become menu buttons. */
export const MAX_TITLE_LENGTH = 20;
/** LINE shows at most this many topics on the main menu. */
export const MAX_MENU_TOPICS = 10;
/** What a topic id must look like (the server's rule). */
export const TOPIC_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The fields of a topic written per language. */
export type LocalizedField = 'title' | 'keywords' | 'questions' | 'answer';

/** A topic as the editor holds it: keywords and questions as text, one a line, so a line being typed is kept. */
export interface TopicDraft {
  readonly id: string;
  readonly skill: string;
  readonly title: Localized<string>;
  readonly keywords: Localized<string>;
  readonly questions: Localized<string>;
  readonly answer: Localized<string>;
}

/** The whole content as the editor holds it. */
export interface ContentDraft {
  readonly topics: readonly TopicDraft[];
  readonly menu: readonly string[];
  readonly defaultSkill: string;
}

/** Where in the editor a problem belongs; `field` and `language` are absent when the problem is the topic's as a whole. */
export type IssueTarget =
  | { readonly kind: 'topic'; readonly topicId: string; readonly field?: 'id' | 'skill' | LocalizedField; readonly language?: Language }
  | { readonly kind: 'menu' }
  | { readonly kind: 'defaultSkill' }
  | { readonly kind: 'content' };

/** A problem the server found, placed at its field. */
export interface PlacedIssue {
  readonly target: IssueTarget;
  /** {@link targetKey} of the target, to find a field's problems. */
  readonly key: string;
  readonly message: string;
}

function localized<T, U>(value: Localized<T>, map: (item: T) => U): Localized<U> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, map(value[language])])) as Record<Language, U>;
}

/** The editor's form of content the server sent. */
export function draftOf(content: SelfServiceContent): ContentDraft {
  return {
    topics: content.topics.map((topic) => ({ ...topic, keywords: localized(topic.keywords, (lines) => lines.join('\n')), questions: localized(topic.questions, (lines) => lines.join('\n')) })),
    menu: content.menu,
    defaultSkill: content.defaultSkill,
  };
}

/** The content to send: one keyword or question a line, blank lines dropped. The server trims and checks the rest. */
export function contentOf(draft: ContentDraft): SelfServiceContent {
  const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return {
    topics: draft.topics.map((topic): SelfServiceTopic => ({ ...topic, keywords: localized(topic.keywords, lines), questions: localized(topic.questions, lines) })),
    menu: draft.menu,
    defaultSkill: draft.defaultSkill,
  };
}

/** A new topic with every text still to write. */
export function emptyTopic(id: string, skill: string): TopicDraft {
  const blank = localized({ en: '', ja: '', th: '', 'zh-TW': '' }, (text) => text);
  return { id, skill, title: blank, keywords: blank, questions: blank, answer: blank };
}

/** The same key for an issue's target and for the field showing it. */
export function targetKey(target: IssueTarget): string {
  if (target.kind !== 'topic') return target.kind;
  return ['topic', target.topicId, target.field ?? '', target.language ?? ''].join(':');
}

const TOPIC_PATH = /^topics\[(\d+)\](?:\.(id|skill|title|keywords|questions|answer)(?:\.(en|ja|th|zh-TW))?)?/;

/**
 * Places the server's issues in the editor: `topics[2].title.th` belongs to the topic that was third in the content
 * sent (`sentTopicIds`), its Thai title; `topics[0].keywords.ja[3]` to the Japanese keywords as a whole.
 */
export function placeIssues(issues: readonly SelfServiceContentIssue[], sentTopicIds: readonly string[]): PlacedIssue[] {
  return issues.map((issue) => {
    const target = targetOf(issue.jsonPath, sentTopicIds);
    return { target, key: targetKey(target), message: issue.message };
  });
}

function targetOf(jsonPath: string, sentTopicIds: readonly string[]): IssueTarget {
  if (jsonPath === 'menu' || jsonPath.startsWith('menu[')) return { kind: 'menu' };
  if (jsonPath === 'defaultSkill') return { kind: 'defaultSkill' };
  const match = TOPIC_PATH.exec(jsonPath);
  const topicId = match ? sentTopicIds[Number(match[1])] : undefined;
  if (!match || topicId === undefined) return { kind: 'content' };
  const field = match[2] as 'id' | 'skill' | LocalizedField | undefined;
  const language = match[3] as Language | undefined;
  return { kind: 'topic', topicId, ...(field ? { field } : {}), ...(language ? { language } : {}) };
}

/** The problem of a title the editor sees before saving: LINE's label limit. */
export function titleProblem(title: string): string | undefined {
  const length = title.trim().length;
  return length > MAX_TITLE_LENGTH ? adminTexts().titleTooLong(length, MAX_TITLE_LENGTH) : undefined;
}

/** The issue keys of the fields that differ between two versions of a topic: their problems are out of date. */
export function changedKeys(before: TopicDraft, after: TopicDraft): string[] {
  const keys: string[] = [];
  if (before.skill !== after.skill) keys.push(targetKey({ kind: 'topic', topicId: after.id, field: 'skill' }));
  for (const field of ['title', 'keywords', 'questions', 'answer'] as const) {
    for (const language of LANGUAGES) {
      if (before[field][language] !== after[field][language]) keys.push(targetKey({ kind: 'topic', topicId: after.id, field, language }));
    }
  }
  return keys;
}
