// Writes the files generated from the code: the spec JSON Schema, the op reference and the
// README's example output. Run with `npm run generate`; specs/generated.test.ts fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeOps, specJsonSchema } from '../dist/index.js';
import { opsReference } from '../dist/report/ops-reference.js';
import { OUTPUT_KINDS, outputJsonSchema } from '../dist/report/schemas.js';
import { readmeWithExample } from '../dist/report/docs/readme-example.js';
import { memoryDocWithRules } from '../dist/report/docs/backward-reference.js';

const at = (path) => new URL(`../${path}`, import.meta.url);
const read = (path) => readFileSync(at(path), 'utf8');

writeFileSync(at('schema/spec.json'), JSON.stringify(specJsonSchema(), null, 2) + '\n');
writeFileSync(at('docs/ops.md'), opsReference(describeOps()));
writeFileSync(at('README.md'), readmeWithExample(read('README.md'), read));
writeFileSync(at('docs/memory.md'), memoryDocWithRules(read('docs/memory.md')));
for (const kind of OUTPUT_KINDS) writeFileSync(at(`schema/${kind}.schema.json`), JSON.stringify(outputJsonSchema(kind), null, 2) + '\n');
console.log(`wrote schema/spec.json, schema/{${OUTPUT_KINDS.join(',')}}.schema.json, docs/ops.md, docs/memory.md and README.md`);
