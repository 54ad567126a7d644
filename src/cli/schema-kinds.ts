/** What `archcost schema` describes; kept apart from the schema code so `--help` and completion do not load zod. */
export const SCHEMA_KINDS = ['spec', 'analyze', 'compare', 'diff', 'check', 'bottleneck', 'explain', 'sweep', 'fit'];
