import { escapeControls } from '../core/printable.js';
import { SAME_AS } from '../core/same-as.js';

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

/** Levels walked lazily: a report's fields and the entries of its lists (its layers), each piece handed on as soon as it is made. */
const LAZY_DEPTH = 2;

/**
 * The text of `toJson` in pieces of about CHUNK characters, made as they are asked for: a writer
 * that waits for a slow reader (a pipe) holds the walk back, so a large report never sits in memory
 * as text, and none is one string (one non-Latin-1 character would make all of it two bytes a character).
 */
export function* jsonPieces(value: unknown, indent = 2): Generator<string> {
  const writer = new JsonWriter(' '.repeat(indent));
  yield* writer.lazy(value, '', LAZY_DEPTH);
  writer.cut();
  yield* writer.take();
}

/** A record's defined fields as `object` writes them at `pad`: each text is the comma before, the key line and the value. */
interface FieldTexts {
  pad: string;
  keys: string[];
  values: unknown[];
  texts: string[];
}

/** One pass; the parts of each chunk are joined into one flat string (appended strings would stay a tree of small pieces). */
class JsonWriter {
  private parts: string[] = [];
  private size = 0;
  /** Pieces cut and not yet handed on. */
  private ready: string[] = [];
  /** `\n<pad>"key": ` for each key met at each indent: most objects are one of a few shapes, repeated. */
  private readonly keyLines = new Map<string, Map<string, string>>();
  /** The fields of each record a SAME_AS mark names, with their texts. */
  private readonly earlierFields = new WeakMap<object, FieldTexts>();

  constructor(private readonly step: string) {}

  /**
   * `value` for the outer `depth` levels of lists and maps, handing on the pieces cut after each
   * entry; deeper, and for anything else, `value` itself. The layout is the same as value's.
   */
  *lazy(value: unknown, pad: string, depth: number): Generator<string> {
    const list = Array.isArray(value) && value.length > 0 && !allNumbers(value);
    if (depth === 0 || value === null || typeof value !== 'object' || (Array.isArray(value) && !list)) return this.value(value, pad);
    const inner = pad + this.step;
    if (list) {
      const items = value as unknown[];
      this.put('[\n');
      for (let i = 0; i < items.length; i++) {
        this.put(i === 0 ? inner : `,\n${inner}`);
        // The last lazy level's entries are plain values: no generator each.
        if (depth === 1) this.value(items[i], inner);
        else yield* this.lazy(items[i], inner, depth - 1);
        if (this.size > CHUNK) {
          this.cut();
          yield* this.take();
        }
      }
      return this.put(`\n${pad}]`);
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
    this.put(`\n${pad}}`);
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
        return this.put(jsonString(value));
      default:
        return this.put(JSON.stringify(value) ?? 'null');
    }
  }

  cut(): void {
    this.ready.push(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  private put(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  private array(list: unknown[], pad: string): void {
    if (list.length === 0) return this.put('[]');
    if (allNumbers(list)) {
      // As for a lone number: a non-finite one, which JSON cannot write, is null rather than `Infinity`.
      let text = '[';
      for (let i = 0; i < list.length; i++) {
        const v = list[i];
        text += (i === 0 ? '' : ', ') + (typeof v === 'number' && !Number.isFinite(v) ? 'null' : String(v));
      }
      return this.put(text + ']');
    }
    const inner = pad + this.step;
    this.put('[\n');
    for (let i = 0; i < list.length; i++) {
      this.put(i === 0 ? inner : `,\n${inner}`);
      this.value(list[i], inner);
      if (this.size > CHUNK) this.cut();
    }
    this.put(`\n${pad}]`);
  }

  private object(record: Record<string, unknown>, pad: string): void {
    const earlier = (record as { [SAME_AS]?: Record<string, unknown> })[SAME_AS];
    if (earlier && this.likeEarlier(record, earlier, pad)) return;
    const inner = pad + this.step;
    let first = true;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === undefined) continue;
      this.put(first ? '{' : ',');
      this.put(this.keyLine(inner, key));
      first = false;
      this.value(v, inner);
    }
    this.put(first ? '{}' : `\n${pad}}`);
  }

  /**
   * A record marked SAME_AS an earlier one, written with the earlier one's text for each field of
   * the same value (a bigint or number equal, an array or object the same one); false, having
   * written nothing, if their fields differ in name or order.
   */
  private likeEarlier(record: Record<string, unknown>, earlier: Record<string, unknown>, pad: string): boolean {
    let fields = this.earlierFields.get(earlier);
    if (fields?.pad !== pad) this.earlierFields.set(earlier, (fields = this.fieldTexts(earlier, pad)));
    const inner = pad + this.step;
    let text = '{';
    let i = 0;
    for (const key in record) {
      const v = record[key];
      if (v === undefined) continue;
      if (key !== fields.keys[i]) return false;
      text += v === fields.values[i] ? fields.texts[i] : (i === 0 ? '' : ',') + this.keyLine(inner, key) + this.textOf(v, inner);
      i++;
    }
    if (i !== fields.keys.length) return false;
    this.put(i === 0 ? '{}' : `${text}\n${pad}}`);
    return true;
  }

  /** A record's defined fields, each with its text as `object` writes it (the comma before, its key line, its value). */
  private fieldTexts(record: Record<string, unknown>, pad: string): FieldTexts {
    const inner = pad + this.step;
    const fields: FieldTexts = { pad, keys: [], values: [], texts: [] };
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === undefined) continue;
      fields.texts.push((fields.keys.length === 0 ? '' : ',') + this.keyLine(inner, key) + this.textOf(v, inner));
      fields.keys.push(key);
      fields.values.push(v);
    }
    return fields;
  }

  /** What `value` writes, as one string. */
  private textOf(value: unknown, pad: string): string {
    if (typeof value === 'string') return jsonString(value);
    const [parts, size] = [this.parts, this.size];
    // No cut inside: the text is one string, put as one part.
    [this.parts, this.size] = [[], -Infinity];
    this.value(value, pad);
    const text = this.parts.join('');
    [this.parts, this.size] = [parts, size];
    return text;
  }

  private keyLine(inner: string, key: string): string {
    let lines = this.keyLines.get(inner);
    if (!lines) this.keyLines.set(inner, (lines = new Map()));
    let line = lines.get(key);
    if (line === undefined) lines.set(key, (line = `\n${inner}${jsonString(key)}: `));
    return line;
  }
}

/** JSON.stringify escapes C0 controls; DEL, C1, the line separators and the bidi controls are escaped here. */
const STILL_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function jsonString(text: string): string {
  const written = JSON.stringify(text);
  return STILL_RAW.test(written) ? escapeControls(written) : written;
}

function allNumbers(list: unknown[]): boolean {
  for (const v of list) if (typeof v !== 'number' && typeof v !== 'bigint') return false;
  return true;
}
