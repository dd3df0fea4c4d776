import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The dashboard's languages and the catalogue file of each (dashboard/src/i18n). */
export const DASHBOARD_CATALOGUES = { en: 'en.ts', ja: 'ja.ts', th: 'th.ts', 'zh-TW': 'zhTW.ts' } as const;

/** One of the dashboard's languages. */
export type DashboardLocale = keyof typeof DASHBOARD_CATALOGUES;

/** A catalogue as a test reads it: each text, or a function of its parameters. */
export type LoadedCatalogue = Readonly<Record<string, string | ((...args: never[]) => string)>>;

const EXPORTS: Readonly<Record<DashboardLocale, string>> = { en: 'en', ja: 'ja', th: 'th', 'zh-TW': 'zhTW' };

/**
 * Loads a language's catalogue from the dashboard's source as it is (Node strips the TypeScript types: the files
 * import no values), so tests compare the screen with the very texts the dashboard was built from.
 */
export async function loadCatalogue(locale: DashboardLocale): Promise<LoadedCatalogue> {
  const file = path.resolve('dashboard/src/i18n', DASHBOARD_CATALOGUES[locale]);
  const module = (await import(pathToFileURL(file).href)) as Record<string, LoadedCatalogue | undefined>;
  const catalogue = module[EXPORTS[locale]];
  assert.ok(catalogue, `${file} exports ${EXPORTS[locale]}`);
  return catalogue;
}

/** Reads texts of one language: `s('signOut')`, `f('offerLabel', 'Kenji')`. */
export class DashboardTexts {
  constructor(
    readonly locale: DashboardLocale,
    private readonly catalogue: LoadedCatalogue,
  ) {}

  static async of(locale: DashboardLocale): Promise<DashboardTexts> {
    return new DashboardTexts(locale, await loadCatalogue(locale));
  }

  /** A plain text. */
  s(key: string): string {
    const text = this.catalogue[key];
    assert.equal(typeof text, 'string', `${this.locale}.${key} is a text`);
    return text as string;
  }

  /** A text with values. */
  f(key: string, ...args: (string | number | undefined)[]): string {
    const text = this.catalogue[key];
    assert.equal(typeof text, 'function', `${this.locale}.${key} takes values`);
    return (text as (...values: (string | number | undefined)[]) => string)(...args);
  }
}

const ADMIN_EXPORTS: Readonly<Record<DashboardLocale, string>> = { en: 'adminEn', ja: 'adminJa', th: 'adminTh', 'zh-TW': 'adminZhTW' };

/** The administration screens' plain texts of a language (`dashboard/src/i18n/admin`). */
export async function loadAdminCatalogue(locale: DashboardLocale): Promise<Readonly<Record<string, string>>> {
  const file = path.resolve('dashboard/src/i18n/admin', DASHBOARD_CATALOGUES[locale]);
  const module = (await import(pathToFileURL(file).href)) as Record<string, Readonly<Record<string, string>> | undefined>;
  const catalogue = module[ADMIN_EXPORTS[locale]];
  assert.ok(catalogue, `${file} exports ${ADMIN_EXPORTS[locale]}`);
  return catalogue;
}
