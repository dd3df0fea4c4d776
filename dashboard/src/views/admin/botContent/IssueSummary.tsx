import { plainLanguageName } from '../../../format';
import type { IssueTarget, PlacedIssue } from './contentDraft';

const FIELD_NAMES: Record<string, string> = { id: 'Id', skill: 'Skill', title: 'Title', keywords: 'Keywords', questions: 'Example questions', answer: 'Answer' };

/** Where an issue is, in words: `Returns & refunds — Title (Thai)`. */
function placeOf(target: IssueTarget, topicTitle: (id: string) => string): string {
  switch (target.kind) {
    case 'menu':
      return 'Main menu';
    case 'defaultSkill':
      return 'Default skill';
    case 'content':
      return 'The content';
    case 'topic': {
      const field = target.field ? ` — ${FIELD_NAMES[target.field] ?? target.field}` : '';
      const language = target.language ? ` (${plainLanguageName(target.language)})` : '';
      return `${topicTitle(target.topicId)}${field}${language}`;
    }
  }
}

/** Why a save was refused: each problem the server found, with a button to the field at fault. Focusable (`id`), so focus can move to it. */
export function IssueSummary(props: { issues: readonly PlacedIssue[]; topicTitle: (id: string) => string; onGo: (target: IssueTarget) => void; id: string }) {
  if (props.issues.length === 0) return null;
  const count = props.issues.length;
  return (
    <div class="error issue-summary" id={props.id} role="alert" tabIndex={-1} aria-labelledby={`${props.id}-title`}>
      <div>
        <p id={`${props.id}-title`} class="issue-summary-title">
          Not saved: the content has {count} {count === 1 ? 'problem' : 'problems'}. Customers still get the previous content.
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
