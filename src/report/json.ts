import { escapeControls } from '../core/printable.js';

/**
 * JSON with exact integers: bigints are written as plain number literals, so counts past 2^53
 * keep every digit (JSON's grammar has no size limit; readers such as Python and jq 1.7 keep them).
 * Output is deterministic: keys in insertion order, two-space indent, no undefined fields, lists
 * of numbers on one line. It is printable as it is: every control character inside a string is
 * written as its `\uXXXX` escape (the same value to a JSON reader), so no scan of the text is needed.
 */
export function toJson(value: unknown, indent = 2): string {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk), indent);
  return chunks.join('');
}

/** Pieces of about this many characters: a 100,000-layer report is 76 MB, written piece by piece. */
const CHUNK = 1 << 16;

/**
 * The text of `toJson` in pieces, each handed to `emit` as soon as it is made: a large report is
 * never one string (one non-Latin-1 character would make all of it two bytes a character) and
 * never sits in memory as text.
 */
export function writeJson(value: unknown, emit: (chunk: string) => void, indent = 2): void {
  const writer = new JsonWriter(' '.repeat(indent), emit);
  writer.value(value, '');
  writer.cut();
}

/** One pass; the parts of each chunk are joined into one flat string (appended strings would stay a tree of small pieces). */
class JsonWriter {
  private parts: string[] = [];
  private size = 0;
  /** `\n<pad>"key": ` for each key met at each indent: most objects are one of a few shapes, repeated. */
  private readonly keyLines = new Map<string, Map<string, string>>();

  constructor(
    private readonly step: string,
    private readonly emit: (chunk: string) => void,
  ) {}

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
    this.emit(this.parts.join(''));
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
    const inner = pad + this.step;
    let lines = this.keyLines.get(inner);
    if (!lines) this.keyLines.set(inner, (lines = new Map()));
    let first = true;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === undefined) continue;
      let line = lines.get(key);
      if (line === undefined) lines.set(key, (line = `\n${inner}${jsonString(key)}: `));
      this.put(first ? '{' : ',');
      this.put(line);
      first = false;
      this.value(v, inner);
    }
    this.put(first ? '{}' : `\n${pad}}`);
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
