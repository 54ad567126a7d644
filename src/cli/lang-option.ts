import { InvalidArgumentError, Option } from 'commander';
import { detectLocale, LANGS, localeFrom } from '../i18n/lang.js';

/**
 * `--lang en|es` for commands with human-readable text, or a locale such as es-MX (its numbers:
 * 1,234.5); by default from LC_ALL / LC_MESSAGES / LANG (numbers: LC_ALL / LC_NUMERIC / LANG).
 */
export function langOption(): Option {
  return new Option('--lang <lang>', `language of the text: ${LANGS.join(', ')}, or a locale such as es-MX for its numbers`)
    .argParser((text) => {
      const locale = localeFrom(text);
      if (!locale) throw new InvalidArgumentError(`expected ${LANGS.join(' or ')}, or a locale such as es-MX or en-GB, got '${text}'`);
      return locale;
    })
    .default(detectLocale(), 'from the locale');
}
