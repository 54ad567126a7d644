import { specJsonSchema } from '../../engine/json-schema.js';

export function runSchema(): number {
  process.stdout.write(JSON.stringify(specJsonSchema(), null, 2) + '\n');
  return 0;
}
