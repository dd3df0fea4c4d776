import { useId } from 'preact/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { isLocale, LOCALE_NAMES, LOCALES } from '../i18n/locales';

/** Chooses the dashboard language: each one listed in its own words (so anyone finds theirs), applied at once. */
export function LanguageSwitcher() {
  const { locale, t, setLocale } = useI18n();
  const id = useId();
  return (
    <span class="language-switcher">
      <label for={id} class="visually-hidden">
        {t.languageLabel}
      </label>
      <select
        id={id}
        value={locale}
        data-testid="language-switcher"
        onChange={(event) => {
          const chosen = event.currentTarget.value;
          if (isLocale(chosen)) setLocale(chosen);
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </span>
  );
}
