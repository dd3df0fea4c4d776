import { adminEn, type AdminCatalogue } from './admin/en';
import { adminJa } from './admin/ja';
import { adminTh } from './admin/th';
import { adminZhTW } from './admin/zhTW';
import { en, type Catalogue } from './en';
import { ja } from './ja';
import type { Locale } from './locales';
import { th } from './th';
import { zhTW } from './zhTW';

/** Every language's catalogue, by locale. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, ja, th, 'zh-TW': zhTW };

/** Every language's catalogue of the administration screens, by locale. */
export const ADMIN_CATALOGUES: Readonly<Record<Locale, AdminCatalogue>> = { en: adminEn, ja: adminJa, th: adminTh, 'zh-TW': adminZhTW };
