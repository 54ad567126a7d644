import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { ArchcostError, ownData, pathText } from '../core/errors.js';
import { escapeControls } from '../core/printable.js';
import { JsonPositions, lineColumns, parsedShape, writtenEntries } from './json-source.js';
import { jsonSyntaxError } from './json-syntax.js';
import { checkSpecSize } from './limits.js';

export type { SpecPath } from '../core/errors.js';
import type { SpecPath } from '../core/errors.js';

export interface Position {
  line: number;
  column: number;
}

/** A spec document as data, plus a way back from a key path to its line and column. */
export interface SpecSource {
  data: unknown;
  file?: string;
  locate(path: SpecPath): Position | undefined;
}

/** The names of the vars a spec declares (its `vars:` map), read before it is validated: none when it has no map there. */
export function declaredVars(source: SpecSource): string[] {
  const vars = (source.data as { vars?: unknown } | null)?.vars;
  return vars !== null && typeof vars === 'object' && !Array.isArray(vars) ? Object.keys(vars) : [];
}

/** Aliases expanded beyond this count are treated as a resource-exhaustion attack ("billion laughs"). */
const MAX_ALIAS_COUNT = 1000;
/**
 * Lists and maps nested deeper than this are refused: every later step (validation, expansion)
 * walks the document recursively, and a spec given as an object has no parser to stop it first.
 */
const MAX_DOCUMENT_DEPTH = 200;
/** Keys that could reach Object.prototype if any consumer used plain objects as maps. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper JSON is left to the YAML parser, whose message says it is nested too deeply. */
const MAX_JSON_DEPTH = 500;

/** Parses YAML or JSON text; both give positions. */
export function parseSpecText(text: string, file?: string): SpecSource {
  checkSpecSize(text, file);
  if (syntaxName(file) === 'JSON') {
    const source = jsonSource(text, file);
    if (source) return source;
  }
  const lineCounter = new LineCounter();
  // logLevel 'error': the parser's warnings (a list used as a key) must not reach stderr as Node warnings.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    const lines = text.split('\n');
    const hinted = new Set<number>();
    const diagnostics = doc.errors.flatMap((e) => {
      const at = position(e.pos[0]);
      const hint = unquotedExpressionHint(lines[at.line - 1] ?? '');
      // One error per line with an unquoted `${...}`: the ones after it are echoes of the same cause.
      if (hint && hinted.has(at.line)) return [];
      if (hint) hinted.add(at.line);
      return [{ file, ...at, message: `invalid ${syntaxName(file)}: ${syntaxMessage(e.message)}${hint ? ` (${hint})` : ''}` }];
    });
    const notASpec = notSpecFileNote(file);
    throw new ArchcostError(notASpec ? [{ file, message: notASpec }, ...diagnostics] : diagnostics);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const unresolved = /unresolved alias/i.test((e as Error).message) ? unresolvedAlias(doc) : undefined;
    if (unresolved) {
      const at = unresolved.range ? position(unresolved.range[0]) : {};
      const name = escapeControls(unresolved.source);
      throw new ArchcostError({ file, ...at, message: `invalid YAML: the alias *${name} has no anchor &${name} before it` });
    }
    throw new ArchcostError({
      file,
      message: `the document expands too many YAML aliases (over ${MAX_ALIAS_COUNT}); refusing to expand it: ${firstLine((e as Error).message)}`,
    });
  }
  const empty = text.trim() === '';
  const source: SpecSource = { data, file, locate: (path) => (empty ? undefined : locateIn(doc, path, position)) };
  rejectForbiddenKeys(data, [], source);
  return source;
}

/**
 * A `.json` spec through JSON.parse, positions found only when asked (json-source.ts). Undefined
 * for what the YAML parser reports better: an empty text, a repeated key, very deep nesting.
 */
function jsonSource(text: string, file?: string): SpecSource | undefined {
  const data = strictJson(text, file);
  if (data === undefined) return undefined;
  const shape = parsedShape(data);
  if (shape.depth > MAX_JSON_DEPTH || shape.entries !== writtenEntries(text)) return undefined;
  let locate: ((path: SpecPath) => Position) | undefined;
  const source: SpecSource = {
    data,
    file,
    locate: (path) => {
      if (!locate) {
        const positions = new JsonPositions(text);
        const position = lineColumns(text);
        locate = (at) => position(positions.offsetOf(at));
      }
      return locate(path);
    },
  };
  rejectForbiddenKeys(data, [], source);
  return source;
}

/** A spec given as an object (library use): no positions. */
export function objectSource(data: unknown, file?: string): SpecSource {
  const source: SpecSource = { data, file, locate: () => undefined };
  if (!isData(data)) throw new ArchcostError({ file, message: `a spec is data as YAML or JSON gives it: as the spec there is ${kindOfValue(data)}` });
  rejectForbiddenKeys(data, [], source, true);
  return source;
}

/**
 * `{filters: ${width}}` is not YAML: inside a flow map `{` opens another map. The hint shows the
 * line's own key and expression quoted.
 */
function unquotedExpressionHint(line: string): string | undefined {
  if (!/(^|[^"'])\$\{/.test(line)) return undefined;
  const found = /([A-Za-z_][\w-]*)\s*:\s*(\$\{[^}]*\})/.exec(line);
  const example = found ? `${found[1]}: "${found[2]}"` : 'filters: "${width}"';
  return `quote expressions inside {...}: ${example}`;
}

/** For a file that fails to parse and is not named like a spec (README.md): say what archcost reads. */
function notSpecFileNote(file?: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(file ?? '')?.[1];
  if (!extension || /^(ya?ml|json)$/i.test(extension)) return undefined;
  return `this does not read as a spec: archcost reads layer specs in YAML or JSON (.yaml, .yml, .json), and this is a .${extension} file`;
}

function syntaxName(file?: string): string {
  return file?.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML';
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function syntaxMessage(message: string): string {
  // The YAML parser reports its own stack overflow as a syntax error.
  if (/call stack/i.test(message)) return 'the document is nested too deeply';
  // Its own advice names its API; a user needs to know what archcost reads.
  if (/multiple documents/i.test(message)) return 'a spec is one YAML document, and this text has several (a line --- starts another): keep one, or split them into files';
  return firstLine(message);
}

/** The first alias that names no earlier anchor (the parser finds these only while expanding, as an error about alias counts). */
function unresolvedAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The YAML parser accepts JSON plus trailing commas, comments and bare words; a .json file must be
 * strict JSON. Its value, or undefined for an empty text (which gets an empty YAML file's message).
 */
function strictJson(text: string, file?: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (e) {
    const found = jsonSyntaxError(text);
    const at = found ? positionOf(text, found.offset) : {};
    throw new ArchcostError({ file, ...at, message: `invalid JSON: ${found?.message ?? (e as Error).message}` });
  }
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * Walks the document once: refuses the forbidden keys and nesting past MAX_DOCUMENT_DEPTH and, in
 * a spec given as an object, anything a YAML or JSON parser would not make (a function, a getter,
 * a bigint, a Date or Map, a sparse list), so no later step, message included, ever runs the
 * caller's code or meets a value it cannot show.
 */
function rejectForbiddenKeys(value: unknown, path: (string | number)[], source: SpecSource, plain = false): void {
  const fail = (message: string, at: (string | number)[] = [...path]) => {
    throw new ArchcostError({ file: source.file, ...source.locate(at), specPath: at, message });
  };
  const notData = (at: (string | number)[], what: string) =>
    fail(`a spec is data as YAML or JSON gives it: ${at.length ? `at ${pathText(at)}` : 'as the spec'} there is ${what}`, at);
  if (path.length > MAX_DOCUMENT_DEPTH) fail(`the spec nests lists and maps more than ${MAX_DOCUMENT_DEPTH} levels deep; no spec needs that many`);
  // A caller's list item or map value is read through its descriptor: a getter is refused, never run.
  const ownDataOf = (object: object, key: string | number): unknown => {
    const own = ownData(object, key);
    if (!own) notData([...path, key], 'a getter');
    return own!.value;
  };
  // Only a caller's object can hold what a parser never makes; parsed text takes the fast path.
  const check = (v: unknown, key: string | number) => !plain || isData(v) || notData([...path, key], kindOfValue(v));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (plain && !Object.hasOwn(value, i)) notData([...path], `a list with a hole at ${i}`);
      const v = plain ? ownDataOf(value, i) : (value[i] as unknown);
      check(v, i);
      if (v === null || typeof v !== 'object') continue;
      path.push(i);
      rejectForbiddenKeys(v, path, source, plain);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) fail(`the key '${key}' is not allowed anywhere in a spec`, [...path, key]);
      const v = plain ? ownDataOf(value, key) : (value as Record<string, unknown>)[key];
      check(v, key);
      if (v === null || typeof v !== 'object') continue;
      path.push(key);
      rejectForbiddenKeys(v, path, source, plain);
      path.pop();
    }
  }
}

/** What a parser makes: null, a boolean, a number, a string, a list or a plain map (and undefined, which an object spec may hold for an absent key). */
function isData(value: unknown): boolean {
  if (value === null || value === undefined || ['boolean', 'number', 'string'].includes(typeof value)) return true;
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Named without reading the value (a class instance's name could be a getter). */
function kindOfValue(value: unknown): string {
  return typeof value === 'object' ? 'an object that is not a plain map or list' : `a ${typeof value}`;
}

/** Walks the YAML nodes along a path; points at the key of the last map entry found. */
function locateIn(doc: Document, path: SpecPath, position: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyRange = (pair.key as Node).range;
      if (keyRange) best = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      const range = (node as Node | null)?.range;
      if (range) best = range[0];
    } else {
      break;
    }
  }
  // A document with no content (only comments) is pointed at from its start.
  return position(best ?? 0);
}
