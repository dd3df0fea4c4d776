import type { AdminCatalogue } from './admin/en';
import { ADMIN_CATALOGUES, CATALOGUES } from './catalogues';
import type { Catalogue } from './en';
import type { Locale } from './locales';

let locale: Locale = 'en';

/**
 * The language the dashboard speaks now, for code outside components (formatting, labels made in helpers). The
 * {@link I18nProvider} sets it before it renders, so helpers called while rendering always agree with the screen.
 */
export function currentLocale(): Locale {
  return locale;
}

/** The catalogue of {@link currentLocale}. */
export function texts(): Catalogue {
  return CATALOGUES[locale];
}

/** The administration catalogue of {@link currentLocale}. */
export function adminTexts(): AdminCatalogue {
  return ADMIN_CATALOGUES[locale];
}

/** Makes `next` the current language, and says so to the page (`<html lang>`, the title). */
export function applyLocale(next: Locale): void {
  locale = next;
  if (typeof document === 'undefined') return;
  document.documentElement.lang = next;
  document.title = CATALOGUES[next].documentTitle;
}
