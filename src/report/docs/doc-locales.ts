/** The docs whose command output is generated (see doc-blocks.ts), with the locale each is run in. */
export const DOC_LOCALES: Record<string, string> = {
  'docs/tutorial.en.md': 'C',
  'docs/tutorial.es.md': 'es_ES.UTF-8',
  'docs/write-an-op.md': 'C',
  'docs/transformers.md': 'C',
  'docs/fit.md': 'C',
  'docs/fit.es.md': 'es_ES.UTF-8',
  'docs/parallelism.md': 'C',
};
