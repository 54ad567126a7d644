/** The languages of archcost's human-readable text. JSON and CSV are the same in every language. */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * The language from the POSIX locale variables, in their precedence order: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set and not empty decides (`es_ES.UTF-8`, `es_MX`, `es` → Spanish).
 */
export function detectLang(env: Record<string, string | undefined> = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale && /^es([_.@-]|$)/i.test(locale) ? 'es' : 'en';
}
