import { plainLanguageName } from '../../../format';
import type { Language } from '../../../types';
import { MAX_TITLE_LENGTH, targetKey, titleProblem, type LocalizedField, type TopicDraft } from './contentDraft';
import { FieldProblems, describedBy } from './FieldProblems';
import { LanguageTabs } from './LanguageTabs';
import type { AdminCatalogue } from '../../../i18n/admin/en';
import { useAdminT } from '../../../i18n/I18nProvider';

/** What {@link TopicEditor} shows and reports. */
export interface TopicEditorProps {
  readonly topic: TopicDraft;
  readonly onChange: (topic: TopicDraft) => void;
  /** The language whose texts are shown. */
  readonly language: Language;
  readonly onLanguage: (language: Language) => void;
  readonly onMenu: boolean;
  /** Whether the menu has room for one more topic. */
  readonly menuHasRoom: boolean;
  readonly onMenuChange: (onMenu: boolean) => void;
  /** The server's problems for an issue key (see `targetKey`). */
  readonly problemsOf: (key: string) => readonly string[];
  /** The id of the `<datalist>` of known skills. */
  readonly skillListId: string;
  readonly onDelete: () => void;
}

/** How each field of a topic is labelled, in the dashboard language. */
function fieldLabel(field: LocalizedField, a: AdminCatalogue): string {
  return { title: a.fieldTitle, keywords: a.fieldKeywordsPerLine, questions: a.fieldQuestionsPerLine, answer: a.fieldAnswer }[field];
}

/** The form of one topic: id (fixed), skill, menu, and per language its title, keywords, example questions and answer. */
export function TopicEditor(props: TopicEditorProps) {
  const a = useAdminT();
  const { topic, language } = props;
  const key = (field?: 'id' | 'skill' | LocalizedField, fieldLanguage?: Language): string =>
    targetKey({ kind: 'topic', topicId: topic.id, ...(field ? { field } : {}), ...(fieldLanguage ? { language: fieldLanguage } : {}) });
  const setText = (field: LocalizedField, value: string): void => props.onChange({ ...topic, [field]: { ...topic[field], [language]: value } });
  const languageHasProblems = (candidate: Language): boolean =>
    (['title', 'keywords', 'questions', 'answer'] as const).some((field) => props.problemsOf(key(field, candidate)).length > 0 || (field === 'title' && titleProblem(topic.title[candidate]) !== undefined));

  const inLanguage = plainLanguageName(language);
  const titleLength = topic.title[language].trim().length;
  // The server's word, once it has spoken, says the same as the live check: show one of them.
  const serverTitleProblems = props.problemsOf(key('title', language));
  const liveTitleProblem = titleProblem(topic.title[language]);
  const titleProblems = serverTitleProblems.length > 0 ? serverTitleProblems : liveTitleProblem ? [liveTitleProblem] : [];
  const textField = (field: Exclude<LocalizedField, 'title'>, rows: number) => {
    const problems = props.problemsOf(key(field, language));
    const id = `topic-${field}`;
    return (
      <div class="stack tight">
        <label for={id}>
          {fieldLabel(field, a)} ({inLanguage})
        </label>
        <textarea id={id} rows={rows} value={topic[field][language]} lang={language} onInput={(event) => setText(field, event.currentTarget.value)} aria-invalid={problems.length > 0 ? 'true' : undefined} aria-describedby={describedBy(problems.length > 0 && `${id}-problems`)} />
        <FieldProblems id={`${id}-problems`} problems={problems} />
      </div>
    );
  };

  const topicProblems = props.problemsOf(key());
  const skillProblems = props.problemsOf(key('skill'));
  return (
    <section class="topic-editor stack" aria-labelledby="topic-editor-title">
      <div class="section-head">
        <h3 id="topic-editor-title">{topic.title[language].trim() || topic.title.en.trim() || topic.id}</h3>
        <button type="button" class="small danger" onClick={props.onDelete}>
          {a.deleteTopicEllipsis}
        </button>
      </div>
      <FieldProblems id="topic-problems" problems={[...topicProblems, ...props.problemsOf(key('id'))]} />
      <div class="topic-facts">
        <div class="stack tight">
          <label for="topic-id">{a.id}</label>
          <input id="topic-id" class="mono" value={topic.id} readOnly aria-describedby="topic-id-help" />
          <span id="topic-id-help" class="muted small-text">
            {a.topicIdFixed}
          </span>
        </div>
        <div class="stack tight">
          <label for="topic-skill">{a.skill}</label>
          <input
            id="topic-skill"
            list={props.skillListId}
            value={topic.skill}
            onInput={(event) => props.onChange({ ...topic, skill: event.currentTarget.value })}
            aria-invalid={skillProblems.length > 0 ? 'true' : undefined}
            aria-describedby={describedBy('topic-skill-help', skillProblems.length > 0 && 'topic-skill-problems')}
          />
          <span id="topic-skill-help" class="muted small-text">
            {a.topicSkillHelp}
          </span>
          <FieldProblems id="topic-skill-problems" problems={skillProblems} />
        </div>
        <label class="check topic-menu-check">
          <input type="checkbox" checked={props.onMenu} disabled={!props.onMenu && !props.menuHasRoom} onChange={(event) => props.onMenuChange(event.currentTarget.checked)} />
          {a.onMainMenu}
        </label>
      </div>
      <LanguageTabs idPrefix="topic" selected={language} onSelect={props.onLanguage} hasProblems={languageHasProblems}>
        <div class="stack tight">
          <label for="topic-title">
            {a.fieldTitle} ({inLanguage})
          </label>
          <div class="title-row">
            <input
              id="topic-title"
              value={topic.title[language]}
              lang={language}
              onInput={(event) => setText('title', event.currentTarget.value)}
              aria-invalid={titleProblems.length > 0 ? 'true' : undefined}
              aria-describedby={describedBy('topic-title-count', titleProblems.length > 0 && 'topic-title-problems')}
            />
            <span id="topic-title-count" class={titleLength > MAX_TITLE_LENGTH ? 'char-count over' : 'char-count'}>
              {titleLength} / {MAX_TITLE_LENGTH}
            </span>
          </div>
          <FieldProblems id="topic-title-problems" problems={titleProblems} />
        </div>
        <div class="topic-lists">
          {textField('keywords', 4)}
          {textField('questions', 4)}
        </div>
        {textField('answer', 4)}
      </LanguageTabs>
    </section>
  );
}
