import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { clock, languageName } from '../../format';
import { LANGUAGES, type Language, type SelfServiceContentIssue, type SelfServiceContentRevision } from '../../types';
import { warnBeforeLeaving } from '../../router';
import { AddTopicDialog } from './botContent/AddTopicDialog';
import { changedKeys, contentOf, draftOf, emptyTopic, MAX_MENU_TOPICS, placeIssues, targetKey, titleProblem, type ContentDraft, type IssueTarget, type PlacedIssue, type TopicDraft } from './botContent/contentDraft';
import { IssueSummary } from './botContent/IssueSummary';
import { MenuEditor } from './botContent/MenuEditor';
import { ProblemMarker } from './botContent/ProblemMarker';
import { TopicEditor } from './botContent/TopicEditor';
import { adminTexts } from '../../i18n/current';
import { useAdminT } from '../../i18n/I18nProvider';

const PATH = '/api/admin/self-service-content';
const SKILL_LIST_ID = 'content-skills';

type Selection = { readonly kind: 'topic'; readonly id: string } | { readonly kind: 'menu' };

/** The field to focus for a problem's target. */
const FIELD_IDS: Record<string, string> = { id: 'topic-id', skill: 'topic-skill', title: 'topic-title', keywords: 'topic-keywords', questions: 'topic-questions', answer: 'topic-answer' };

function hasIssues(body: unknown): body is { issues: SelfServiceContentIssue[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { issues?: unknown }).issues);
}

/** Where the bot's content comes from now, in words. */
function sourceText(revision: SelfServiceContentRevision): string {
  const when = revision.updatedAt ? clock(revision.updatedAt) : '';
  const a = adminTexts();
  if (revision.source === 'stored') return a.contentStored(revision.updatedBy, when, revision.version);
  if (revision.updatedAt) return a.contentFileReset(revision.updatedBy, when, revision.version);
  return a.contentFileOnly;
}

/**
 * The bot's self-service content: topics (title, keywords, example questions and answer per language, skill), the
 * main menu and the default skill, saved as a whole. The bot answers with saved content from its next message on.
 */
export function SelfServiceContentAdmin() {
  const a = useAdminT();
  const [revision, setRevision] = useState<SelfServiceContentRevision | undefined>(undefined);
  const [draft, setDraft] = useState<ContentDraft | undefined>(undefined);
  const [selection, setSelection] = useState<Selection>({ kind: 'menu' });
  const [listLanguage, setListLanguage] = useState<Language>('en');
  const [editLanguage, setEditLanguage] = useState<Language>('en');
  const [issues, setIssues] = useState<PlacedIssue[]>([]);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);
  const [conflictVersion, setConflictVersion] = useState<number | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<TopicDraft | undefined>(undefined);
  const [resetting, setResetting] = useState(false);
  const [focusAfter, setFocusAfter] = useState<string | undefined>(undefined);

  const accept = (next: SelfServiceContentRevision): void => {
    setRevision(next);
    setDraft(draftOf(next.content));
    setIssues([]);
    setConflictVersion(undefined);
    setSelection((current) => (current.kind === 'topic' && next.content.topics.some((topic) => topic.id === current.id) ? current : { kind: 'topic', id: next.content.topics[0]?.id ?? '' }));
  };
  const load = async (): Promise<void> => {
    setLoadError(undefined);
    try {
      accept(await api<SelfServiceContentRevision>('GET', PATH));
    } catch (caught) {
      setLoadError(errorMessage(caught));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const dirty = useMemo(() => draft !== undefined && revision !== undefined && JSON.stringify(draft) !== JSON.stringify(draftOf(revision.content)), [draft, revision]);
  useEffect(() => {
    if (!dirty) return undefined;
    return warnBeforeLeaving(adminTexts().leaveUnsaved);
  }, [dirty]);
  useEffect(() => {
    if (focusAfter === undefined) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(undefined);
  }, [focusAfter]);

  const problemsOf = (key: string): string[] => issues.filter((issue) => issue.key === key).map((issue) => issue.message);
  const forget = (keys: readonly string[]): void => {
    if (keys.length > 0) setIssues((current) => current.filter((issue) => !keys.includes(issue.key)));
  };
  const edit = (change: (current: ContentDraft) => ContentDraft): void => {
    setDraft((current) => (current ? change(current) : current));
    setNotice(undefined);
  };

  const save = async (): Promise<void> => {
    if (!draft || !revision) return;
    setBusy(true);
    setNotice(undefined);
    setSaveError(undefined);
    const sentTopicIds = draft.topics.map((topic) => topic.id);
    try {
      const saved = await api<SelfServiceContentRevision>('PUT', PATH, { content: contentOf(draft), version: revision.version });
      accept(saved);
      setNotice(adminTexts().savedAsVersion(saved.version));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400 && hasIssues(caught.body)) {
        setIssues(placeIssues(caught.body.issues, sentTopicIds));
        setFocusAfter('issue-summary');
      } else if (caught instanceof ApiError && caught.status === 409) {
        const current = (caught.body as { version?: unknown } | undefined)?.version;
        setConflictVersion(typeof current === 'number' ? current : revision.version);
      } else {
        setSaveError(errorMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const goTo = (target: IssueTarget): void => {
    if (target.kind === 'topic') {
      setSelection({ kind: 'topic', id: target.topicId });
      if (target.language) setEditLanguage(target.language);
      setFocusAfter(FIELD_IDS[target.field ?? 'id']);
    } else if (target.kind === 'menu' || target.kind === 'defaultSkill') {
      setSelection({ kind: 'menu' });
      setFocusAfter(target.kind === 'menu' ? 'menu-editor-list' : 'default-skill');
    }
  };

  const titleIn = (topic: TopicDraft, language: Language): string => topic.title[language].trim() || topic.title.en.trim() || topic.id;
  const topicTitle = (id: string): string => {
    const topic = draft?.topics.find((candidate) => candidate.id === id);
    return topic ? titleIn(topic, listLanguage) : id;
  };
  const topicHasProblems = (topic: TopicDraft): boolean =>
    issues.some((issue) => issue.target.kind === 'topic' && issue.target.topicId === topic.id) || LANGUAGES.some((language) => titleProblem(topic.title[language]) !== undefined);
  const skills = useMemo(() => [...new Set([...(draft?.topics.map((topic) => topic.skill) ?? []), draft?.defaultSkill ?? ''].filter((skill) => skill.trim() !== ''))].sort(), [draft]);
  const selectedTopic = selection.kind === 'topic' ? draft?.topics.find((topic) => topic.id === selection.id) : undefined;

  return (
    <section aria-labelledby="content-title" class="bot-content">
      <div class="section-head content-head">
        <h2 id="content-title">{a.contentTitle}</h2>
        <div class="actions">
          {dirty && <span class="pill unsaved">{a.unsavedChanges}</span>}
          <button type="button" onClick={() => void save()} disabled={!dirty || busy || conflictVersion !== undefined}>
            {busy ? a.saving : a.save}
          </button>
          <button type="button" class="secondary" onClick={() => setResetting(true)} disabled={busy || revision?.source === 'file'}>
            {a.resetToFileEllipsis}
          </button>
        </div>
      </div>
      <p class="muted small-text" role="status">
        {revision ? sourceText(revision) : loadError ? '' : a.loading}
      </p>
      {loadError && (
        <div class="error" role="alert">
          <span>{a.contentUnreadable(loadError)}</span>
          <button type="button" class="link-button" onClick={() => void load()}>
            {a.tryAgain}
          </button>
        </div>
      )}
      {conflictVersion !== undefined && (
        <div class="notice" role="alert">
          <p>
            {a.contentConflict(conflictVersion)}
          </p>
          <button type="button" class="secondary" onClick={() => void load()}>
            {a.reloadTheirVersion}
          </button>
        </div>
      )}
      {notice && (
        <p class="notice success" role="status">
          {notice}
        </p>
      )}
      <ErrorNote message={saveError} onDismiss={() => setSaveError(undefined)} />
      <IssueSummary id="issue-summary" issues={issues} topicTitle={topicTitle} onGo={goTo} />

      {draft && (
        <div class="content-editor">
          <nav class="content-list card" aria-label={a.contentTitle}>
            <div class="stack tight">
              <label for="content-list-language">{a.showTitlesIn}</label>
              <select id="content-list-language" value={listLanguage} onChange={(event) => setListLanguage(event.currentTarget.value as Language)}>
                {LANGUAGES.map((language) => (
                  <option key={language} value={language}>
                    {languageName(language)}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" class="content-item" aria-current={selection.kind === 'menu' ? 'true' : undefined} onClick={() => setSelection({ kind: 'menu' })}>
              <span class="row-title">{a.menuAndDefaultSkill}</span>
              <span class="row-sub">
                {a.menuSummary(draft.menu.length, MAX_MENU_TOPICS)} · {draft.defaultSkill || a.noDefaultSkill}
              </span>
            </button>
            <h3 class="content-list-head">{a.topicsCount(draft.topics.length)}</h3>
            <ul class="content-topics">
              {draft.topics.map((topic) => {
                const menuPosition = draft.menu.indexOf(topic.id);
                const problems = topicHasProblems(topic);
                return (
                  <li key={topic.id}>
                    <button type="button" class="content-item" aria-current={selection.kind === 'topic' && selection.id === topic.id ? 'true' : undefined} onClick={() => setSelection({ kind: 'topic', id: topic.id })}>
                      <span class="row-title" lang={listLanguage}>
                        {titleIn(topic, listLanguage)}
                        {problems && <ProblemMarker />}
                      </span>
                      <span class="row-sub">
                        {topic.skill || a.noSkill}
                        {menuPosition >= 0 && <span class="pill ok">{a.menuPosition(menuPosition + 1)}</span>}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            <button type="button" class="secondary" onClick={() => setAdding(true)}>
              {a.addTopic}
            </button>
          </nav>
          <div class="content-pane card">
            {selectedTopic ? (
              <TopicEditor
                topic={selectedTopic}
                onChange={(next) => {
                  forget(changedKeys(selectedTopic, next));
                  edit((current) => ({ ...current, topics: current.topics.map((topic) => (topic.id === next.id ? next : topic)) }));
                }}
                language={editLanguage}
                onLanguage={setEditLanguage}
                onMenu={draft.menu.includes(selectedTopic.id)}
                menuHasRoom={draft.menu.length < MAX_MENU_TOPICS}
                onMenuChange={(onMenu) => {
                  forget([targetKey({ kind: 'menu' })]);
                  edit((current) => ({ ...current, menu: onMenu ? [...current.menu, selectedTopic.id] : current.menu.filter((id) => id !== selectedTopic.id) }));
                }}
                problemsOf={problemsOf}
                skillListId={SKILL_LIST_ID}
                onDelete={() => setDeleting(selectedTopic)}
              />
            ) : (
              <MenuEditor
                topics={draft.topics}
                menu={draft.menu}
                onMenuChange={(menu) => {
                  forget([targetKey({ kind: 'menu' })]);
                  edit((current) => ({ ...current, menu }));
                }}
                defaultSkill={draft.defaultSkill}
                onDefaultSkillChange={(defaultSkill) => {
                  forget([targetKey({ kind: 'defaultSkill' })]);
                  edit((current) => ({ ...current, defaultSkill }));
                }}
                titleOf={(topic) => titleIn(topic, listLanguage)}
                menuProblems={problemsOf(targetKey({ kind: 'menu' }))}
                defaultSkillProblems={problemsOf(targetKey({ kind: 'defaultSkill' }))}
                skillListId={SKILL_LIST_ID}
              />
            )}
          </div>
          <datalist id={SKILL_LIST_ID}>
            {skills.map((skill) => (
              <option key={skill} value={skill} />
            ))}
          </datalist>
        </div>
      )}

      {adding && draft && (
        <AddTopicDialog
          takenIds={draft.topics.map((topic) => topic.id)}
          skillListId={SKILL_LIST_ID}
          defaultSkill={draft.defaultSkill}
          onClose={() => setAdding(false)}
          onAdd={(id, skill) => {
            edit((current) => ({ ...current, topics: [...current.topics, emptyTopic(id, skill)] }));
            setSelection({ kind: 'topic', id });
            setAdding(false);
            setFocusAfter('topic-title');
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={a.deleteTopicTitle(titleIn(deleting, listLanguage))}
          confirmLabel={a.deleteTopic}
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            const id = deleting.id;
            edit((current) => ({ ...current, topics: current.topics.filter((topic) => topic.id !== id), menu: current.menu.filter((menuId) => menuId !== id) }));
            setIssues((current) => current.filter((issue) => !(issue.target.kind === 'topic' && issue.target.topicId === id)));
            setSelection({ kind: 'menu' });
          }}
        >
          <p>{a.deleteTopicNote}</p>
        </ConfirmDialog>
      )}
      {resetting && (
        <ConfirmDialog
          title={a.resetToFileTitle}
          confirmLabel={a.resetToFile}
          danger
          onClose={() => setResetting(false)}
          onConfirm={async () => {
            accept(await api<SelfServiceContentRevision>('DELETE', PATH));
            setLoadError(undefined);
            setNotice(adminTexts().backToContentFile);
          }}
        >
          <p>{a.resetNote(dirty)}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
