import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DomainError } from '../domainError';
import { selfServiceContentSchema } from './selfServiceContentSchema';
import type { SelfServiceContent } from '../../dialogs/selfService/selfServiceContent';

export { selfServiceContentSchema } from './selfServiceContentSchema';

/** One problem in a content file: where (`topics[2].title.th`) and what. */
export interface SelfServiceContentIssue {
  /** JSON path of the value at fault, e.g. `topics[2].title.th`; empty for the document itself. */
  readonly jsonPath: string;
  readonly message: string;
}

/** How a {@link SelfServiceContentError} is told. */
export interface SelfServiceContentErrorOptions extends ErrorOptions {
  /** Say only how many problems there are (content an admin submitted: the answer lists them in `issues`). */
  readonly summarised?: boolean;
}

/**
 * Raised when the self-service content file cannot be read or does not describe valid content.
 * The message names the file and each problem with its JSON path, e.g.
 * `content/self-service.json: topics[2].title.th: must be at most 20 characters`. Refusing a request it is answered
 * 400 with every problem in `issues`.
 */
export class SelfServiceContentError extends DomainError {
  /** The file (or other source) the content came from. */
  readonly path: string;
  /** JSON path of the first problem; empty when the document as a whole is at fault. */
  readonly jsonPath: string;
  /** Every problem found, the first one being {@link jsonPath}'s. */
  readonly issues: readonly SelfServiceContentIssue[];

  constructor(path: string, issues: readonly SelfServiceContentIssue[], options: SelfServiceContentErrorOptions = {}) {
    const count = issues.length;
    const message = options.summarised ? `the content has ${count} ${count === 1 ? 'problem' : 'problems'}` : `${path}: ${issues.map(formatIssue).join('; ')}`;
    super('self_service_content_invalid', 400, message, { body: { issues }, cause: options.cause });
    this.path = path;
    this.issues = issues;
    this.jsonPath = issues[0]?.jsonPath ?? '';
  }
}

/**
 * Reads and validates the self-service content file operators edit.
 *
 * @throws {SelfServiceContentError} when the file cannot be read, is not JSON, or breaks a rule
 *   of {@link parseSelfServiceContent}.
 * @example const content = await loadSelfServiceContent(path.resolve('content/self-service.json'));
 */
export async function loadSelfServiceContent(path: string): Promise<SelfServiceContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SelfServiceContentError(path, [{ jsonPath: '', message: `cannot be read: ${errorMessage(error)}` }], { cause: error });
  }
  let json: unknown;
  try {
    // Editors on Windows like to save JSON with a byte order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SelfServiceContentError(path, [{ jsonPath: '', message: `is not valid JSON: ${errorMessage(error)}` }], { cause: error });
  }
  return parseSelfServiceContent(json, path);
}

/**
 * Validates parsed JSON as {@link SelfServiceContent} and freezes it. Every localized field must
 * have every supported language; titles are at most 20 characters (UTF-16 units, the stricter
 * count); topic ids are unique kebab-case; keywords, questions and answers are not empty; the menu
 * lists 1 to 10 distinct existing topic ids. Unknown fields are refused, so typos do not pass silently.
 *
 * @param source where the JSON came from, used in the error (a file path or a description).
 * @throws {SelfServiceContentError} listing each problem with its JSON path.
 * @example const content = parseSelfServiceContent(JSON.parse(text), 'content/self-service.json');
 */
export function parseSelfServiceContent(json: unknown, source: string): SelfServiceContent {
  const parsed = selfServiceContentSchema.safeParse(json);
  if (!parsed.success) throw new SelfServiceContentError(source, parsed.error.issues.flatMap(toIssues));
  return deepFreeze(parsed.data);
}

function toIssues(issue: z.core.$ZodIssue): SelfServiceContentIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ jsonPath: formatJsonPath([...issue.path, key]), message: 'is not a known field' }));
  }
  return [{ jsonPath: formatJsonPath(issue.path), message: issue.message }];
}

/** `['topics', 2, 'title', 'th']` → `topics[2].title.th`. */
function formatJsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((formatted, key) => {
    if (typeof key === 'number') return `${formatted}[${key}]`;
    const name = String(key);
    return formatted === '' ? name : `${formatted}.${name}`;
  }, '');
}

function formatIssue(issue: SelfServiceContentIssue): string {
  return issue.jsonPath === '' ? issue.message : `${issue.jsonPath}: ${issue.message}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
