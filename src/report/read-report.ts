import { LineCounter, parse, parseDocument } from 'yaml';
import type { Report } from '../counting/analyze.js';
import { ArchcostError, pathText } from '../core/errors.js';
import { label } from '../core/printable.js';
import { parsedShape, writtenEntries } from '../language/json-source.js';
import { WORDED } from '../language/schema-errors.js';
import { readingSchemas } from './schemas.js';

/**
 * Reads a saved `analyze --format json` report with every integer exact: JSON.parse, with integer
 * literals too long to be exact as doubles read as bigints (see `parseExactJson`).
 */
export function readReport(text: string, file: string, role = 'the file'): Report {
  // Text that is not even trying to be JSON (a YAML spec, say) gets one sentence, not the JSON parser's errors.
  if (!/^\s*[{[]/.test(text.replace(/^\uFEFF/, ''))) {
    const { must, save, aSpec } = refusal(file, role);
    throw new ArchcostError({ file, message: isSpecText(text) ? aSpec : `${must}, and ${file} is not JSON: save one with ${save('SPEC')}` });
  }
  return reportOf(parseExactJson(text, file), file, role);
}

/**
 * JSON already read by `parseExactJson`, checked and taken as `readReport` takes a report's text.
 * Its long lists are checked in place (report/schemas.ts): `data` is the caller's own, read for this.
 */
export function reportOf(data: unknown, file: string, role = 'the file'): Report {
  // Its complaints worded as a spec's are.
  const result = readingSchemas().report.safeParse(data, WORDED);
  if (!result.success) {
    const { must, save, aSpec } = refusal(file, role);
    // A report has a layers list too: only text that is not a report reads as a spec.
    if (!isReport(data) && isSpecData(data)) throw new ArchcostError({ file, message: aSpec });
    const issue = result.error.issues[0];
    const path = pathText(issue.path);
    const where = path ? `${path}: ` : '';
    throw new ArchcostError({ file, message: `${must} (save one with ${save('SPEC')}): ${where}${issue.message}` });
  }
  return withLabels(result.data as unknown as Report);
}

/** What a file that is not a saved report is told: what it must be, and how to save one. */
function refusal(file: string, role: string): { must: string; save: (spec: string) => string; aSpec: string } {
  const must = `${role} must be an \`archcost analyze --format json\` report`;
  const save = (spec: string) => `\`archcost analyze ${spec} --format json --output report.json\``;
  return { must, save, aSpec: `${must}, and ${file} is a spec: save its report with ${save(file)}` };
}

/** A saved report's names are labels, as in a report archcost makes (core/printable.ts): a crafted baseline cannot put raw control characters on a terminal. */
function withLabels(report: Report): Report {
  const file = report.model.file === undefined ? undefined : label(report.model.file);
  return {
    ...report,
    model: { ...report.model, name: label(report.model.name), file },
    // Copied only where a label escapes something: a large baseline's layers are not made twice over.
    layers: report.layers.map((l) => {
      const [name, op] = [label(l.name), label(l.op)];
      return name === l.name && op === l.op ? l : { ...l, name, op };
    }),
  };
}

/** YAML (or JSON) with a `layers` list: a spec rather than a report. */
function isSpecText(text: string): boolean {
  try {
    return isSpecData(parse(text, { logLevel: 'silent' }));
  } catch {
    return false;
  }
}

function isSpecData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && Array.isArray((data as { layers?: unknown }).layers);
}

/** True when parsed JSON looks like a saved report rather than a spec. */
export function isReport(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'schemaVersion' in data && 'totals' in data;
}

/**
 * A string literal (kept as it is), or outside one an integer of 16 digits or more, which may lie
 * past 2^53 (9,007,199,254,740,992 has 16).
 */
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;
const MARK = '\u0000';

/**
 * JSON with every integer exact: safe integers as numbers, longer ones as bigints. JSON.parse reads
 * it (75 times faster than a YAML parser on a large baseline); only where a number it read lies past
 * 2^53, and so may have lost digits, is the text read again with each integer literal of 16 digits or
 * more put in a marked string (a 10k-layer baseline has none: the regex that looked for them first
 * cost ~9 ms of it). Invalid JSON (leading zeros too, which that regex once let through as marked
 * digits), repeated keys, or text to be marked that already has the mark goes to the YAML parser's
 * strict JSON schema with `intAsBigInt`, for its line:column.
 */
export function parseExactJson(text: string, file: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return parseWithPositions(text, file);
  }
  const shape = parsedShape(data);
  if (shape.entries !== writtenEntries(body)) return parseWithPositions(text, file);
  if (!shape.pastSafe) return data;
  if (body.includes('\\u0000')) return parseWithPositions(text, file);
  let marked = false;
  const exact = body.replace(LONG_INTEGER, (token, digits: string | undefined) => {
    if (digits === undefined) return token;
    marked = true;
    return `"\\u0000${digits}"`;
  });
  // A number made a string: still valid JSON, with the same keys.
  const read = JSON.parse(exact);
  return marked ? unmark(read) : read;
}

function unmark(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(MARK)) return narrow(BigInt(value.slice(1)));
  if (Array.isArray(value)) return value.map(unmark);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = unmark(v);
  }
  return value;
}

function parseWithPositions(text: string, file: string): unknown {
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

/** A bigint that fits a double exactly becomes a number, so shapes and batch read as plain numbers. */
function narrow(n: bigint): bigint | number {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n;
}

function narrowIntegers(value: unknown): unknown {
  if (typeof value === 'bigint') return narrow(value);
  if (Array.isArray(value)) return value.map(narrowIntegers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, narrowIntegers(v)]));
  }
  return value;
}
