// Writes the files generated from the code: the spec JSON Schema and the op reference.
// Run with `npm run generate`; specs/generated.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { describeOps, specJsonSchema } from '../dist/index.js';
import { opsReference } from '../dist/report/ops-reference.js';

writeFileSync(new URL('../schema/spec.schema.json', import.meta.url), JSON.stringify(specJsonSchema(), null, 2) + '\n');
writeFileSync(new URL('../docs/ops.md', import.meta.url), opsReference(describeOps()));
console.log('wrote schema/spec.schema.json and docs/ops.md');
