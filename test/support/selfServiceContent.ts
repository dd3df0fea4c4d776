import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SelfServiceContent, SelfServiceTopic } from '../../dialogs/selfService/selfServiceContent';
import { parseSelfServiceContent } from '../../src/content/selfServiceContentFile';

/** The shipped self-service content file, as the server loads it. */
export const SHIPPED_CONTENT = parseSelfServiceContent(JSON.parse(readFileSync(path.resolve('content/self-service.json'), 'utf8')), 'content/self-service.json');

/** A topic of the shipped content by id (throws when absent, so a test cannot pass on a missing topic). */
export function shippedTopic(id: string): SelfServiceTopic {
  const topic = SHIPPED_CONTENT.topics.find((candidate) => candidate.id === id);
  if (!topic) throw new Error(`no topic '${id}' in content/self-service.json`);
  return topic;
}

/** A type with every `readonly` removed, all the way down. */
type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

/** Self-service content a test may change before saving it. */
export type EditableContent = Mutable<SelfServiceContent>;

/** A deep, mutable copy of the shipped content, for tests that edit it. */
export function editableShippedContent(): EditableContent {
  return structuredClone(SHIPPED_CONTENT) as EditableContent;
}

/** The topic of editable content with `id` (throws when absent). */
export function topicOf(content: EditableContent, id: string): EditableContent['topics'][number] {
  const topic = content.topics.find((candidate) => candidate.id === id);
  if (!topic) throw new Error(`no topic '${id}' in the content`);
  return topic;
}
