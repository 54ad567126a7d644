// Writes the files generated from the code: the spec JSON Schema, the op reference and the
// README's example output. Run with `npm run generate`; specs/generated.test.ts fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeOps, specJsonSchema } from '../dist/index.js';
import { opsReference } from '../dist/report/ops-reference.js';
import { readmeWithExample } from '../dist/report/readme-example.js';

const at = (path) => new URL(`../${path}`, import.meta.url);
const read = (path) => readFileSync(at(path), 'utf8');

writeFileSync(at('schema/spec.schema.json'), JSON.stringify(specJsonSchema(), null, 2) + '\n');
writeFileSync(at('docs/ops.md'), opsReference(describeOps()));
writeFileSync(at('README.md'), readmeWithExample(read('README.md'), read));
console.log('wrote schema/spec.schema.json, docs/ops.md and README.md');
