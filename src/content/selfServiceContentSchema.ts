import { z } from 'zod';
import type { SupportedLanguage } from '../../dialogs/language/supportedLanguage';

/** LINE's limit on a button or quick-reply label. */
const MAX_TITLE_LENGTH = 20;
/** LINE shows at most this many buttons in one menu. */
const MAX_MENU_TOPICS = 10;

function typeMessage(expected: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'is required' : `must be ${expected}`);
}

const nonEmptyText = z
  .string({ error: typeMessage('a string') })
  .trim()
  .min(1, 'must not be empty');

const stringList = z.array(nonEmptyText, { error: typeMessage('an array of strings') }).min(1, 'must not be empty');

function localized<T extends z.ZodType>(value: T) {
  const shape = { en: value, ja: value, th: value, 'zh-TW': value } satisfies Record<SupportedLanguage, T>;
  return z.strictObject(shape, { error: typeMessage('an object with en, ja, th and zh-TW') });
}

const topicSchema = z.strictObject(
  {
    id: nonEmptyText.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. delivery-status'),
    skill: nonEmptyText,
    title: localized(nonEmptyText.max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`)),
    keywords: localized(stringList),
    questions: localized(stringList),
    answer: localized(nonEmptyText),
  },
  { error: typeMessage('an object') },
);

/**
 * The rules of {@link parseSelfServiceContent} as a zod schema, e.g. for the API's description
 * (`z.toJSONSchema(selfServiceContentSchema)`). Parse with `parseSelfServiceContent` (selfServiceContentFile.ts), which
 * also reports issues by JSON path and freezes the result.
 */
export const selfServiceContentSchema = z
  .strictObject(
    {
      topics: z.array(topicSchema, { error: typeMessage('an array of topics') }).min(1, 'must not be empty'),
      menu: z
        .array(nonEmptyText, { error: typeMessage('an array of topic ids') })
        .min(1, 'must not be empty')
        .max(MAX_MENU_TOPICS, `must list at most ${MAX_MENU_TOPICS} topics`),
      defaultSkill: nonEmptyText,
    },
    { error: typeMessage('an object') },
  )
  .superRefine((content, context) => {
    const firstIndexOf = new Map<string, number>();
    content.topics.forEach((topic, index) => {
      const first = firstIndexOf.get(topic.id);
      if (first === undefined) firstIndexOf.set(topic.id, index);
      else context.addIssue({ code: 'custom', path: ['topics', index, 'id'], message: `duplicates topics[${first}].id "${topic.id}"` });
    });
    const listed = new Set<string>();
    content.menu.forEach((id, index) => {
      if (!firstIndexOf.has(id)) context.addIssue({ code: 'custom', path: ['menu', index], message: `names no topic: "${id}"` });
      else if (listed.has(id)) context.addIssue({ code: 'custom', path: ['menu', index], message: `lists "${id}" twice` });
      listed.add(id);
    });
  });
