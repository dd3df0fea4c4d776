import type { ComponentChildren } from 'preact';
import { languageName } from '../../../format';
import { LANGUAGES, type Language } from '../../../types';
import { ProblemMarker } from './ProblemMarker';
import { useAdminT } from '../../../i18n/I18nProvider';

/**
 * Tabs for the bot's languages (WAI-ARIA tabs: arrow keys, Home and End move between them) above one panel, the
 * selected language's. A tab whose language has problems says so.
 */
export function LanguageTabs(props: { idPrefix: string; selected: Language; onSelect: (language: Language) => void; hasProblems: (language: Language) => boolean; children: ComponentChildren }) {
  const a = useAdminT();
  const tabId = (language: Language): string => `${props.idPrefix}-tab-${language}`;
  const select = (language: Language): void => {
    props.onSelect(language);
    document.getElementById(tabId(language))?.focus();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const index = LANGUAGES.indexOf(props.selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1 + LANGUAGES.length, Home: 0, End: LANGUAGES.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const language = LANGUAGES[next % LANGUAGES.length];
    if (language) select(language);
  };
  return (
    <div class="language-tabs">
      <div role="tablist" aria-label={a.language} onKeyDown={onKeyDown}>
        {LANGUAGES.map((language) => {
          const selected = language === props.selected;
          const problems = props.hasProblems(language);
          return (
            <button
              key={language}
              type="button"
              role="tab"
              id={tabId(language)}
              aria-selected={selected}
              aria-controls={`${props.idPrefix}-panel`}
              tabIndex={selected ? 0 : -1}
              class={problems ? 'tab has-problems' : 'tab'}
              onClick={() => props.onSelect(language)}
            >
              {languageName(language)}
              {problems && <ProblemMarker />}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${props.idPrefix}-panel`} aria-labelledby={tabId(props.selected)} class="tab-panel">
        {props.children}
      </div>
    </div>
  );
}
