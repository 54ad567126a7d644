import { LineCounter, parseDocument } from 'yaml';
import type { Report } from '../engine/analyze.js';
import { ArchcostError } from '../engine/errors.js';
import { readingSchemas } from './schemas.js';

/**
 * Reads a saved `analyze --format json` report with every integer exact. JSON.parse would round
 * counts past 2^53; the yaml parser's strict JSON schema with `intAsBigInt` keeps each integer
 * literal as a bigint (and gives line:column for syntax errors), then safe ones become numbers.
 */
export function readReport(text: string, file: string): Report {
  const data = parseExactJson(text, file);
  const result = readingSchemas.report.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ArchcostError({
      file,
      message: `not an archcost report (save one with \`archcost analyze SPEC --format json --output ${file}\`): ${where}${issue.message}`,
    });
  }
  return result.data as unknown as Report;
}

/** True when parsed JSON looks like a saved report rather than a spec. */
export function isReport(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'schemaVersion' in data && 'totals' in data;
}

export function parseExactJson(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'json', intAsBigInt: true, uniqueKeys: true, lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ArchcostError(
      doc.errors.slice(0, 3).map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return { file, line, column: col, message: `invalid JSON: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  return narrowIntegers(doc.toJS());
}

/** bigints that fit a double exactly become numbers, so shapes and batch read as plain numbers. */
function narrowIntegers(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(narrowIntegers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, narrowIntegers(v)]));
  }
  return value;
}
