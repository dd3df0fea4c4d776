import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import type { AdminCatalogue } from './admin/en';
import { ADMIN_CATALOGUES, CATALOGUES } from './catalogues';
import { applyLocale } from './current';
import { en, type Catalogue } from './en';
import { initialLocale, saveLocale, type Locale } from './locales';

/** The language of the screen and the way to change it. */
export interface I18nContext {
  readonly locale: Locale;
  readonly t: Catalogue;
  /** Switches the whole dashboard at once (no reload) and remembers the choice on this browser. */
  readonly setLocale: (locale: Locale) => void;
}

const I18n = createContext<I18nContext>({ locale: 'en', t: en, setLocale: () => undefined });

/**
 * Holds the dashboard language (the saved choice, else the browser's languages, else English) for everything inside
 * it; a change re-renders every component that reads {@link useT}.
 */
export function I18nProvider(props: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  // Set before the children render, so helpers (dates, state names) speak the same language as the components.
  applyLocale(locale);
  const value = useMemo<I18nContext>(
    () => ({
      locale,
      t: CATALOGUES[locale],
      setLocale: (next) => {
        saveLocale(next);
        setLocaleState(next);
      },
    }),
    [locale],
  );
  return <I18n.Provider value={value}>{props.children}</I18n.Provider>;
}

/** The catalogue of the screen's language. */
export function useT(): Catalogue {
  return useContext(I18n).t;
}

/** The screen's language and the way to change it. */
export function useI18n(): I18nContext {
  return useContext(I18n);
}

/** The administration catalogue of the screen's language. */
export function useAdminT(): AdminCatalogue {
  return ADMIN_CATALOGUES[useContext(I18n).locale];
}
