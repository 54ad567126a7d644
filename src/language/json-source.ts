/**
 * A `.json` spec (or saved report) read by JSON.parse, the fastest parser there is, with positions
 * found in the text only when something asks for one: each list or map on the way to a path is
 * indexed once, the first time a path goes through it, so locating every layer stays linear.
 * The text must already be valid JSON.
 */

export class JsonPositions {
  private readonly items = new Map<number, number[]>();
  private readonly members = new Map<number, Map<string, { key: number; value: number }>>();
  /** Offset of the top-level value. */
  readonly root: number;

  constructor(private readonly text: string) {
    this.root = this.skipSpace(text.startsWith('\uFEFF') ? 1 : 0);
  }

  /**
   * Offset of what a key path points at: the key of the last map entry on the path, or the start of
   * the last list item, as far as the path can be followed.
   */
  offsetOf(path: readonly (string | number)[]): number {
    let node = this.root;
    let best = node;
    for (const segment of path) {
      const open = this.text.charCodeAt(node);
      if (open === LBRACE) {
        const member = this.membersOf(node).get(String(segment));
        if (!member) break;
        best = member.key;
        node = member.value;
      } else if (open === LBRACKET && typeof segment === 'number') {
        const items = this.itemsOf(node);
        if (segment >= items.length) break;
        node = best = items[segment];
      } else {
        break;
      }
    }
    return best;
  }

  private itemsOf(start: number): number[] {
    let items = this.items.get(start);
    if (!items) {
      items = [];
      let i = this.skipSpace(start + 1);
      while (this.text.charCodeAt(i) !== RBRACKET) {
        items.push(i);
        const after = this.skipSpace(this.skipValue(i));
        if (this.text.charCodeAt(after) !== COMMA) break;
        i = this.skipSpace(after + 1);
      }
      this.items.set(start, items);
    }
    return items;
  }

  private membersOf(start: number): Map<string, { key: number; value: number }> {
    let members = this.members.get(start);
    if (!members) {
      members = new Map();
      let i = this.skipSpace(start + 1);
      while (this.text.charCodeAt(i) === QUOTE) {
        const keyEnd = this.skipString(i);
        const raw = this.text.slice(i, keyEnd);
        const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const value = this.skipSpace(this.skipSpace(keyEnd) + 1);
        // A repeated key: JSON.parse keeps the last value, and so do positions.
        members.set(name, { key: i, value });
        const after = this.skipSpace(this.skipValue(value));
        if (this.text.charCodeAt(after) !== COMMA) break;
        i = this.skipSpace(after + 1);
      }
      this.members.set(start, members);
    }
    return members;
  }

  private skipSpace(i: number): number {
    const t = this.text;
    for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++i));
    return i;
  }

  /** The offset just past the string opening at `i`. */
  private skipString(i: number): number {
    const t = this.text;
    for (let j = i + 1; ; j++) {
      const c = t.charCodeAt(j);
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) return j + 1;
    }
  }

  /** The offset just past the value starting at `i`; lists and maps are skipped by counting brackets outside strings. */
  private skipValue(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === QUOTE) return this.skipString(i);
    if (c === LBRACE || c === LBRACKET) {
      let depth = 0;
      for (let j = i; ; j++) {
        const d = t.charCodeAt(j);
        if (d === QUOTE) j = this.skipString(j) - 1;
        else if (d === LBRACE || d === LBRACKET) depth++;
        else if ((d === RBRACE || d === RBRACKET) && --depth === 0) return j + 1;
      }
    }
    let j = i;
    for (let d = t.charCodeAt(j); j < t.length && d !== COMMA && d !== RBRACE && d !== RBRACKET && d !== 32 && d !== 10 && d !== 13 && d !== 9; d = t.charCodeAt(++j));
    return j;
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/**
 * The number of map entries written in JSON text (its `:` outside strings). JSON.parse keeps the
 * last of repeated keys silently; fewer keys in the parsed value than entries in the text means a
 * key was repeated, which archcost refuses as the YAML parser does.
 */
export function writtenEntries(text: string): number {
  // By indexOf from quote to quote and colon to colon (a native scan), not character by character.
  let count = 0;
  let colon = text.indexOf(':');
  let open = text.indexOf('"');
  for (;;) {
    for (; colon !== -1 && (open === -1 || colon < open); colon = text.indexOf(':', colon + 1)) count++;
    if (open === -1) return count;
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && escaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) return count; // an unterminated string: not JSON
    if (colon !== -1 && colon < close) colon = text.indexOf(':', close + 1);
    open = text.indexOf('"', close + 1);
  }
}

/** Whether the character at `at` follows an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && text.charCodeAt(k - 1) === BACKSLASH) k--;
  return (at - k) % 2 === 1;
}

/**
 * The number of keys in a parsed JSON value, all levels, how deeply it nests (walked without
 * recursion), and whether a number in it lies past 2^53 (a literal read there may have lost digits).
 */
export function parsedShape(value: unknown): { entries: number; depth: number; pastSafe: boolean } {
  let entries = 0;
  let depth = 0;
  let pastSafe = false;
  const values: unknown[] = [];
  const levels: number[] = [];
  const visit = (child: unknown, level: number) => {
    if (typeof child === 'number') {
      if (child > Number.MAX_SAFE_INTEGER || child < -Number.MAX_SAFE_INTEGER) pastSafe = true;
      return;
    }
    if (child === null || typeof child !== 'object') return;
    values.push(child);
    levels.push(level);
  };
  visit(value, 1);
  while (values.length > 0) {
    const v = values.pop() as object;
    const level = levels.pop()!;
    if (level > depth) depth = level;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], level + 1);
    } else {
      // for-in makes no list of keys an object (3 MB for a 10k-layer report). An inherited key, which
      // JSON.parse never makes, would count too: the text then goes the slow way, never a wrong one.
      for (const key in v) {
        entries++;
        visit((v as Record<string, unknown>)[key], level + 1);
      }
    }
  }
  return { entries, depth, pastSafe };
}

/** Line and column (both from 1) of offsets into a text, by binary search over its line starts. */
export function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
