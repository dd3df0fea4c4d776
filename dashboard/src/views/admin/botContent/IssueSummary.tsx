import { plainLanguageName } from '../../../format';
import type { IssueTarget, PlacedIssue } from './contentDraft';
import { adminTexts } from '../../../i18n/current';
import { useAdminT } from '../../../i18n/I18nProvider';

/** A topic's field as the dashboard language names it; an unknown field as it is. */
function fieldName(field: string): string {
  const a = adminTexts();
  const names: Readonly<Record<string, string>> = { id: a.id, skill: a.skill, title: a.fieldTitle, keywords: a.fieldKeywords, questions: a.fieldQuestions, answer: a.fieldAnswer };
  return names[field] ?? field;
}

/** Where an issue is, in words: `Returns & refunds — Title (Thai)`. */
function placeOf(target: IssueTarget, topicTitle: (id: string) => string): string {
  switch (target.kind) {
    case 'menu':
      return adminTexts().mainMenu;
    case 'defaultSkill':
      return adminTexts().defaultSkill;
    case 'content':
      return adminTexts().theContent;
    case 'topic': {
      const field = target.field ? ` — ${fieldName(target.field)}` : '';
      const language = target.language ? ` (${plainLanguageName(target.language)})` : '';
      return `${topicTitle(target.topicId)}${field}${language}`;
    }
  }
}

/** Why a save was refused: each problem the server found, with a button to the field at fault. Focusable (`id`), so focus can move to it. */
export function IssueSummary(props: { issues: readonly PlacedIssue[]; topicTitle: (id: string) => string; onGo: (target: IssueTarget) => void; id: string }) {
  const a = useAdminT();
  if (props.issues.length === 0) return null;
  const count = props.issues.length;
  return (
    <div class="error issue-summary" id={props.id} role="alert" tabIndex={-1} aria-labelledby={`${props.id}-title`}>
      <div>
        <p id={`${props.id}-title`} class="issue-summary-title">
          {a.contentProblems(count)}
        </p>
        <ul>
          {props.issues.map((issue, index) => (
            <li key={index}>
              <button type="button" class="link-button" onClick={() => props.onGo(issue.target)}>
                {placeOf(issue.target, props.topicTitle)}
              </button>
              : {issue.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
