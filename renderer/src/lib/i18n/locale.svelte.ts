// The app's language as reactive state: components read `i18n.t`; anything derived from it (the
// layout, the packet path) re-runs when the language changes because it reads `i18n.locale`.
import { catalogue, initialLocale, rememberLocale, useLocale, type Locale } from './words.js';
import type { Messages } from './en.js';

class I18n {
  locale = $state<Locale>(initialLocale());

  constructor() {
    useLocale(this.locale);
    if (typeof document === 'object') document.documentElement.lang = this.locale;
  }

  get t(): Messages {
    return catalogue(this.locale);
  }

  set(locale: Locale): void {
    useLocale(locale);
    rememberLocale(locale);
    this.locale = locale;
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
