// Which language the app speaks: the user's choice (remembered), else the browser's. The current
// catalogue is also kept here for plain modules (layout, packet path, status words) that have no
// component to read it from; the state in locale.svelte.ts keeps both in step.
import { en, type Messages } from './en.js';
import { ko } from './ko.js';

export type Locale = 'en' | 'ko';
export const LOCALES: readonly Locale[] = ['en', 'ko'];
const CATALOGUES: Record<Locale, Messages> = { en, ko };
const KEY = 'netlens.locale';

/** The language for these browser languages (navigator.languages): Korean for any `ko`, else English. */
export function localeFor(languages: readonly string[]): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ko') return 'ko';
    if (base === 'en') return 'en';
  }
  return 'en';
}

// Read through a structural type: this module is also loaded by Node tests, which have no DOM.
interface Browserish {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  navigator?: { language?: string; languages?: readonly string[] };
}
const page = globalThis as Browserish;

export function initialLocale(): Locale {
  try {
    const saved = page.localStorage?.getItem(KEY);
    if (saved === 'en' || saved === 'ko') return saved;
  } catch {
    // storage unavailable: follow the browser
  }
  const nav = page.navigator;
  return localeFor(nav?.languages?.length ? nav.languages : [nav?.language ?? 'en']);
}

export function rememberLocale(locale: Locale): void {
  try {
    page.localStorage?.setItem(KEY, locale);
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
}

export const catalogue = (locale: Locale): Messages => CATALOGUES[locale];

let current: Messages = en;

/** The words of the current language, for plain modules. */
export function words(): Messages {
  return current;
}

export function useLocale(locale: Locale): void {
  current = CATALOGUES[locale];
}
