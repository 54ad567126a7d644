/** The languages of archcost's human-readable text. JSON and CSV are the same in every language. */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** A language, or a language with a region (`es-MX`): the region chooses how numbers are written. */
export type Locale = Lang | `${Lang}-${string}`;

/** `es_MX.UTF-8`, `es_ES@euro`, `es-419` → `es-MX`, `es-ES`, `es-419`; undefined for C, POSIX or an unknown language. */
export function localeFrom(value: string | undefined): Locale | undefined {
  const match = /^([a-z]{2,3})(?:[_-]([a-z]{2}|\d{3}))?(?:[.@].*)?$/i.exec(value ?? '');
  if (!match || !(LANGS as readonly string[]).includes(match[1].toLowerCase())) return undefined;
  const lang = match[1].toLowerCase() as Lang;
  return match[2] ? `${lang}-${match[2].toUpperCase()}` : lang;
}

export const langOf = (locale: Locale): Lang => locale.slice(0, 2) as Lang;

const firstSet = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v !== '');

/**
 * The language from the POSIX locale variables, in their precedence order: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set and not empty decides (`es_ES.UTF-8`, `es_MX`, `es` → Spanish).
 */
export function detectLang(env: Record<string, string | undefined> = process.env): Lang {
  const locale = localeFrom(firstSet(env.LC_ALL, env.LC_MESSAGES, env.LANG));
  return locale ? langOf(locale) : 'en';
}

/**
 * The language as detectLang finds it, with the region of the numeric locale (LC_ALL, LC_NUMERIC,
 * LANG) when that locale is in the same language: `LANG=es_MX.UTF-8` → `es-MX`.
 */
export function detectLocale(env: Record<string, string | undefined> = process.env): Locale {
  const lang = detectLang(env);
  const numeric = localeFrom(firstSet(env.LC_ALL, env.LC_NUMERIC, env.LANG));
  return numeric && langOf(numeric) === lang ? numeric : lang;
}
