import { Option } from 'commander';
import { detectLang, LANGS } from '../i18n/lang.js';

/** `--lang en|es` for commands with human-readable text; the default follows LC_ALL, LC_MESSAGES, LANG. */
export function langOption(): Option {
  return new Option('--lang <lang>', 'language of the text (default from LC_ALL / LC_MESSAGES / LANG)')
    .choices(LANGS)
    .default(detectLang());
}
