import { memoized } from '../core/once.js';
import { CONTROL_PAST_C0, escapeControls } from '../core/printable.js';
import { sameAsOf } from '../core/same-as.js';
import { sameNumbers } from '../core/values.js';

/**
 * JSON with exact integers: bigints are written as plain number literals, so counts past 2^53
 * keep every digit (JSON's grammar has no size limit; readers such as Python and jq 1.7 keep them).
 * Output is deterministic: keys in insertion order, two-space indent, no undefined fields, lists
 * of numbers on one line. It is printable as it is: every control character inside a string is
 * written as its `\uXXXX` escape (the same value to a JSON reader), so no scan of the text is needed.
 */
export function toJson(value: unknown, indent = 2): string {
  return [...jsonPieces(value, indent)].join('');
}

/** Pieces of about this many characters: a 100,000-layer report is 76 MB, written piece by piece. */
const CHUNK = 1 << 16;

/** Strings whose JSON text the writer keeps (JsonWriter.stringText). */
const KEPT_STRINGS = 4;

/**
 * Levels walked lazily: a report's fields and the entries of its lists (its layers), each piece
 * handed on as soon as it is made; one more for a list of reports (`analyze a.yaml b.yaml`).
 */
const LAZY_DEPTH = 2;

/**
 * The text of `toJson` in pieces of about CHUNK characters, made as they are asked for: a writer
 * that waits for a slow reader (a pipe) holds the walk back, so a large report never sits in memory
 * as text, and none is one string (one non-Latin-1 character would make all of it two bytes a character).
 */
export function* jsonPieces(value: unknown, indent = 2): Generator<string> {
  const writer = new JsonWriter(' '.repeat(indent));
  yield* writer.lazy(value, '', Array.isArray(value) ? LAZY_DEPTH + 1 : LAZY_DEPTH);
  writer.cut();
  yield* writer.take();
}

/** A record's defined fields as `object` writes them at `pad`: each text is the comma before, the key line and the value. */
interface FieldTexts {
  pad: string;
  keys: string[];
  values: unknown[];
  /** `{` or `,`, then the key line. */
  lines: string[];
  /** The line and the value's text. */
  texts: string[];
  /** The record's end: a newline, `pad` and `}`. */
  closing: string;
  /** The differing fields of the record last written like this one, and the texts around them. */
  pattern: number[] | undefined;
  runs: string[];
}

/** The texts of one pad, made once for it: its lists' and records' marks, and the keys of the record last written there. */
interface PadTexts {
  /** The pad one level in: a list's entries', a record's fields'. */
  inner: string;
  /** Before a list's first entry, between two, and after the last, for a list written one entry a line. */
  open: string;
  between: string;
  close: string;
  /** A record's end: a newline, the pad and `}`. */
  closing: string;
  /** The keys of the record `object` last wrote at this pad (most records have the keys of the one before), and their lines: `{` or `,`, then the key line. */
  keys: string[];
  lines: string[];
}

/**
 * The texts before, between and after the values of the `differing` fields (positions, ascending):
 * the runs of equal fields, each with the key line of the differing field after it, the closing brace
 * in the last. Kept, with the pattern copied, for the pattern last asked for, which the next copy of a
 * repeated layer nearly always repeats; neither list is changed once made, so a writer may hold them
 * while it writes a field's value. Each run is one flat string: the report's text is joined from
 * fewer pieces.
 */
function runsBetween(fields: FieldTexts, differing: readonly number[]): string[] {
  const last = fields.pattern;
  if (last && sameNumbers(last, differing)) return fields.runs;
  const runs: string[] = [];
  let from = 0;
  for (const k of [...differing, fields.keys.length]) {
    runs.push([...fields.texts.slice(from, k), k < fields.keys.length ? fields.lines[k] : fields.closing].join(''));
    from = k + 1;
  }
  fields.pattern = [...differing];
  fields.runs = runs;
  return runs;
}

/** One pass; the parts of each chunk are joined into one flat string (appended strings would stay a tree of small pieces). */
class JsonWriter {
  /** The chunk's parts: the first `count` of a list kept from chunk to chunk (made anew, it grew by copying itself a dozen times a chunk). */
  private parts: string[] = [];
  private count = 0;
  private size = 0;
  /** Pieces cut and not yet handed on. */
  private ready: string[] = [];
  /** `\n<pad>"key": ` for each key met at each indent: most objects are one of a few shapes, repeated. */
  private readonly keyLine = memoized((inner: string, key: string) => `\n${inner}${jsonString(key)}: `);
  /** The fields of each record a list's SAME_AS mark names, with their texts. */
  private readonly earlierFields = new WeakMap<object, FieldTexts>();
  /** Strings and their JSON texts, alternately: the last KEPT_STRINGS written, replaced in turn. */
  private readonly keptStrings: string[] = Array.from({ length: 2 * KEPT_STRINGS }, (_, i) => (i % 2 === 0 ? '' : '""'));
  private nextKept = 0;
  /** By the length of their pad. */
  private readonly pads: PadTexts[] = [];
  /** likeEarlier's list of differing fields, one array for every record. */
  private readonly differing: number[] = [];

  /** Object.prototype has no enumerable key (none was added to it), so for-in walks a plain record's own keys only. */
  private readonly plainPrototype = !hasEnumerableKey(Object.prototype);

  constructor(private readonly step: string) {}

  /**
   * `value` for the outer `depth` levels of lists and maps, handing on the pieces cut after each
   * entry; deeper, and for anything else, `value` itself. The layout is the same as value's.
   */
  *lazy(value: unknown, pad: string, depth: number): Generator<string> {
    const list = Array.isArray(value) && value.length > 0 && !allNumbers(value);
    if (depth === 0 || value === null || typeof value !== 'object' || (Array.isArray(value) && !list)) return this.value(value, pad);
    const marks = this.padTexts(pad);
    const inner = marks.inner;
    if (list) {
      const items = value as unknown[];
      const copies = sameAsOf(items);
      for (let i = 0; i < items.length; i++) {
        this.put(i === 0 ? marks.open : marks.between);
        // The last lazy level's entries are plain values: no generator each.
        if (depth === 1) this.entry(items, copies, i, inner);
        else yield* this.lazy(items[i], inner, depth - 1);
        if (this.size > CHUNK) {
          this.cut();
          yield* this.take();
        }
      }
      return this.put(marks.close);
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return this.put('{}');
    this.put('{');
    for (const [i, [key, v]] of entries.entries()) {
      this.put((i === 0 ? '' : ',') + this.keyLine(inner, key));
      yield* this.lazy(v, inner, depth - 1);
      if (this.size > CHUNK) this.cut();
      yield* this.take();
    }
    this.put(marks.closing);
  }

  *take(): Generator<string> {
    const ready = this.ready;
    this.ready = [];
    yield* ready;
  }

  value(value: unknown, pad: string): void {
    switch (typeof value) {
      case 'bigint':
        return this.put(value.toString());
      case 'number':
        return this.put(Number.isFinite(value) ? String(value) : 'null');
      case 'object':
        if (value === null) return this.put('null');
        return Array.isArray(value) ? this.array(value, pad) : this.object(value as Record<string, unknown>, pad);
      case 'string':
        return this.put(this.stringText(value));
      default:
        return this.put(JSON.stringify(value) ?? 'null');
    }
  }

  cut(): void {
    this.ready.push(this.joinParts());
    this.count = 0;
    this.size = 0;
  }

  private joinParts(): string {
    this.parts.length = this.count;
    return this.parts.join('');
  }

  private put(text: string): void {
    this.parts[this.count++] = text;
    this.size += text.length;
  }

  private array(list: unknown[], pad: string): void {
    const flat = this.flatText(list, pad);
    if (flat !== undefined) return this.put(flat);
    const marks = this.padTexts(pad);
    const copies = sameAsOf(list);
    for (let i = 0; i < list.length; i++) {
      this.put(i === 0 ? marks.open : marks.between);
      this.entry(list, copies, i, marks.inner);
      if (this.size > CHUNK) this.cut();
    }
    this.put(marks.close);
  }

  /** A list's entry `i`, with the earlier entry its list's SAME_AS mark says it repeats, if both are records. */
  private entry(list: unknown[], copies: readonly number[] | undefined, i: number, pad: string): void {
    const value = list[i];
    // A record straight to `object`: most lists are of records, and `value` would only pass it on.
    if (!isRecord(value)) return this.value(value, pad);
    const earlier = copies && copies[i] >= 0 ? list[copies[i]] : undefined;
    this.object(value, pad, isRecord(earlier) ? earlier : undefined);
  }

  private object(record: Record<string, unknown>, pad: string, earlier?: Record<string, unknown>): void {
    if (earlier && this.likeEarlier(record, earlier, pad)) return;
    const texts = this.padTexts(pad);
    const { keys, lines, inner } = texts;
    let i = 0;
    // Another record is walked as a copy of its own fields that inherits nothing.
    const fields = this.ownKeysOnly(record) ? record : Object.assign(Object.create(null), record);
    for (const key in fields) {
      const v = fields[key];
      if (v === undefined) continue;
      if (key !== keys[i]) {
        // Another shape from here on: the kept keys become this record's.
        keys.length = lines.length = i;
        keys.push(key);
        lines.push((i === 0 ? '{' : ',') + this.keyLine(inner, key));
      }
      this.put(lines[i]);
      // Strings and bigints, most of a record's fields, without a call to `value` each.
      if (typeof v === 'string') this.put(this.stringText(v));
      else if (typeof v === 'bigint') this.put(v.toString());
      else this.value(v, inner);
      i++;
    }
    this.put(i === 0 ? '{}' : texts.closing);
  }

  /**
   * The texts of `pad`, for every list and record written at it. Its kept keys are safe while a
   * field's value is written: a value's records are written at a deeper pad, which has its own.
   */
  private padTexts(pad: string): PadTexts {
    let texts = this.pads[pad.length];
    if (!texts) {
      const inner = pad + this.step;
      this.pads[pad.length] = texts = { inner, open: `[\n${inner}`, between: `,\n${inner}`, close: `\n${pad}]`, closing: `\n${pad}}`, keys: [], lines: [] };
    }
    return texts;
  }

  /** Whether for-in walks only the record's own keys: it inherits nothing enumerable. */
  private ownKeysOnly(record: object): boolean {
    const from = Object.getPrototypeOf(record);
    return from === null || (from === Object.prototype && this.plainPrototype);
  }

  /**
   * A record its list marks SAME_AS an earlier one, written with the earlier one's text for every field of
   * the same value (a bigint or number equal, an array or object the same one): the text between two
   * differing fields is made once for each pattern of differing fields. False, having written
   * nothing, if their fields differ in name or order, or the record inherits an enumerable key
   * (for-in would take it as its own).
   */
  private likeEarlier(record: Record<string, unknown>, earlier: Record<string, unknown>, pad: string): boolean {
    if (!this.ownKeysOnly(record)) return false;
    let fields = this.earlierFields.get(earlier);
    if (fields?.pad !== pad) this.earlierFields.set(earlier, (fields = this.fieldTexts(earlier, pad)));
    const differing = this.differing;
    differing.length = 0;
    let i = 0;
    for (const key in record) {
      const v = record[key];
      if (v === undefined) continue;
      if (key !== fields.keys[i]) return false;
      if (v !== fields.values[i]) differing.push(i);
      i++;
    }
    if (i !== fields.keys.length) return false;
    if (i === 0) {
      this.put('{}');
      return true;
    }
    // The pattern, not the scratch list: writing a field's value may write another marked record, which refills it.
    const runs = runsBetween(fields, differing);
    const pattern = fields.pattern!;
    const { inner } = this.padTexts(pad);
    let text = runs[0];
    for (let d = 0; d < pattern.length; d++) {
      const k = pattern[d];
      text += this.textOf(record[fields.keys[k]], inner) + runs[d + 1];
    }
    this.put(text);
    return true;
  }

  /** A record's defined fields as `object` writes them at `pad`. */
  private fieldTexts(record: Record<string, unknown>, pad: string): FieldTexts {
    const { inner, closing } = this.padTexts(pad);
    const fields: FieldTexts = { pad, keys: [], values: [], lines: [], texts: [], closing, pattern: undefined, runs: [] };
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === undefined) continue;
      const line = (fields.keys.length === 0 ? '{' : ',') + this.keyLine(inner, key);
      fields.keys.push(key);
      fields.values.push(v);
      fields.lines.push(line);
      fields.texts.push(line + this.textOf(v, inner));
    }
    return fields;
  }

  /** What `value` writes, as one string. */
  private textOf(value: unknown, pad: string): string {
    if (typeof value === 'string') return this.stringText(value);
    const flat = Array.isArray(value) ? this.flatText(value, pad) : undefined;
    if (flat !== undefined) return flat;
    const { parts, count, size } = this;
    // No cut inside: the text is one string, put as one part.
    this.parts = [];
    this.count = 0;
    this.size = -Infinity;
    this.value(value, pad);
    const text = this.joinParts();
    this.parts = parts;
    this.count = count;
    this.size = size;
    return text;
  }

  /** A list written as one string, without walking its entries as values: empty, of numbers (one line), of strings (one a line). */
  private flatText(list: unknown[], pad: string): string | undefined {
    if (allNumbers(list)) return numbersText(list);
    if (allStrings(list)) return this.stringsText(list, pad);
    return undefined;
  }

  /** A list of strings, one a line, made as one string. */
  private stringsText(list: string[], pad: string): string {
    const marks = this.padTexts(pad);
    let text = marks.open + this.stringText(list[0]);
    for (let i = 1; i < list.length; i++) text += marks.between + this.stringText(list[i]);
    return text + marks.close;
  }

  /**
   * A string's JSON text. The last few are kept: a layer's name comes again in the next layers'
   * inputs, and the JSON of a name is most of what writing a repeated layer costs.
   */
  private stringText(text: string): string {
    const kept = this.keptStrings;
    for (let i = 0; i < kept.length; i += 2) if (kept[i] === text) return kept[i + 1];
    const written = jsonString(text);
    kept[this.nextKept] = text;
    kept[this.nextKept + 1] = written;
    this.nextKept = (this.nextKept + 2) % kept.length;
    return written;
  }

}

/** JSON.stringify escapes C0 controls; DEL, C1, the line separators and the bidi controls are escaped here. */
const STILL_RAW = new RegExp(`[${CONTROL_PAST_C0}]`);

/** A string JSON.stringify gives back quoted and nothing else, and with nothing left raw: most names. */
const PLAIN = new RegExp(String.raw`^[^"\\\u0000-\u001f\ud800-\udfff${CONTROL_PAST_C0}]*$`);

function jsonString(text: string): string {
  if (PLAIN.test(text)) return `"${text}"`;
  const written = JSON.stringify(text);
  return STILL_RAW.test(written) ? escapeControls(written) : written;
}

/** A list of numbers on one line. As for a lone number, a non-finite one, which JSON cannot write, is null rather than `Infinity`. */
function numbersText(list: unknown[]): string {
  let text = '[';
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    text += (i === 0 ? '' : ', ') + (typeof v === 'number' && !Number.isFinite(v) ? 'null' : String(v));
  }
  return text + ']';
}

function hasEnumerableKey(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allNumbers(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'number' && typeof list[i] !== 'bigint') return false;
  return true;
}

function allStrings(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}
