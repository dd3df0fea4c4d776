import { useEffect, useState } from 'preact/hooks';
import { MAX_MENU_TOPICS, type TopicDraft } from './contentDraft';
import { FieldProblems, describedBy } from './FieldProblems';
import { useAdminT } from '../../../i18n/I18nProvider';

/** What {@link MenuEditor} shows and reports. */
export interface MenuEditorProps {
  readonly topics: readonly TopicDraft[];
  /** Topic ids on the main menu, in order. */
  readonly menu: readonly string[];
  readonly onMenuChange: (menu: string[]) => void;
  readonly defaultSkill: string;
  readonly onDefaultSkillChange: (skill: string) => void;
  /** A topic's title in the language the admin reads the list in. */
  readonly titleOf: (topic: TopicDraft) => string;
  readonly menuProblems: readonly string[];
  readonly defaultSkillProblems: readonly string[];
  /** The id of the `<datalist>` of known skills. */
  readonly skillListId: string;
}

/** The main menu (which topics, in which order, at most 10) and the skill asked for when no topic is known. */
export function MenuEditor(props: MenuEditorProps) {
  const a = useAdminT();
  const { menu } = props;
  const titleOfId = (id: string): string => {
    const topic = props.topics.find((candidate) => candidate.id === id);
    return topic ? props.titleOf(topic) : id;
  };
  const offered = props.topics.filter((topic) => !menu.includes(topic.id));
  const [chosen, setChosen] = useState('');
  // The select shows the first topic until the admin picks one; a topic added meanwhile is no longer offered.
  const adding = offered.some((topic) => topic.id === chosen) ? chosen : (offered[0]?.id ?? '');
  // Moving an item re-renders the list: focus follows the button that was pressed.
  const [focusAfter, setFocusAfter] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (focusAfter === undefined) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(undefined);
  }, [focusAfter]);

  const move = (index: number, by: -1 | 1): void => {
    const next = [...menu];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    const to = index + by;
    next.splice(to, 0, moved);
    props.onMenuChange(next);
    // An arrow that just became disabled cannot keep focus: the topic's other arrow takes it.
    const atEnd = by === -1 ? to === 0 : to === menu.length - 1;
    const arrow = (by === -1) !== atEnd ? 'up' : 'down';
    setFocusAfter(`menu-${arrow}-${moved}`);
  };
  const remove = (id: string): void => {
    props.onMenuChange(menu.filter((candidate) => candidate !== id));
    setFocusAfter('menu-add');
  };
  const add = (): void => {
    if (adding === '' || menu.length >= MAX_MENU_TOPICS) return;
    props.onMenuChange([...menu, adding]);
    setChosen('');
  };
  const full = menu.length >= MAX_MENU_TOPICS;

  return (
    <section class="menu-editor stack" aria-labelledby="menu-editor-title">
      <h3 id="menu-editor-title">{a.mainMenu}</h3>
      <p class="muted small-text" id="menu-help">
        {a.menuHelp(menu.length, MAX_MENU_TOPICS)}
      </p>
      <FieldProblems id="menu-problems" problems={props.menuProblems} />
      <ol class="menu-order" id="menu-editor-list" tabIndex={-1} aria-label={a.mainMenuTopics} aria-describedby={describedBy('menu-help', props.menuProblems.length > 0 && 'menu-problems')}>
        {menu.map((id, index) => {
          const title = titleOfId(id);
          return (
            <li key={id}>
              <span class="menu-position" aria-hidden="true">
                {index + 1}
              </span>
              <span class="menu-title">{title}</span>
              <button type="button" id={`menu-up-${id}`} class="small secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={a.moveUp(title)}>
                ↑
              </button>
              <button type="button" id={`menu-down-${id}`} class="small secondary" disabled={index === menu.length - 1} onClick={() => move(index, 1)} aria-label={a.moveDown(title)}>
                ↓
              </button>
              <button type="button" class="small secondary" onClick={() => remove(id)} aria-label={a.removeFromMenu(title)}>
                {a.remove}
              </button>
            </li>
          );
        })}
        {menu.length === 0 && <li class="muted">{a.noTopicOnMenu}</li>}
      </ol>
      <div class="input-row">
        <label for="menu-add">{a.addToMenu}</label>
        <select id="menu-add" value={adding} disabled={full || offered.length === 0} onChange={(event) => setChosen(event.currentTarget.value)}>
          {offered.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {props.titleOf(topic)}
            </option>
          ))}
        </select>
        <button type="button" class="secondary" disabled={full || offered.length === 0} onClick={add}>
          {a.add}
        </button>
      </div>
      <div class="stack tight default-skill">
        <label for="default-skill">{a.defaultSkill}</label>
        <input
          id="default-skill"
          list={props.skillListId}
          value={props.defaultSkill}
          onInput={(event) => props.onDefaultSkillChange(event.currentTarget.value)}
          aria-invalid={props.defaultSkillProblems.length > 0 ? 'true' : undefined}
          aria-describedby={describedBy('default-skill-help', props.defaultSkillProblems.length > 0 && 'default-skill-problems')}
        />
        <span id="default-skill-help" class="muted small-text">
          {a.defaultSkillHelp}
        </span>
        <FieldProblems id="default-skill-problems" problems={props.defaultSkillProblems} />
      </div>
    </section>
  );
}
