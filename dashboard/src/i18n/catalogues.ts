import { en, type Catalogue } from './en';
import { ja } from './ja';
import type { Locale } from './locales';
import { th } from './th';
import { zhTW } from './zhTW';

/** Every language's catalogue, by locale. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, ja, th, 'zh-TW': zhTW };
