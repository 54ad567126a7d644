/**
 * A record that repeats an earlier one's fields but a few (a later copy of a repeated layer): the
 * earlier record, under this key, not enumerable. It changes nothing the record says; a JSON writer
 * reuses the earlier record's text for every field whose value is the same.
 */
export const SAME_AS = Symbol('archcost.sameAs');

/** Marks `record` as repeating `earlier`'s fields (see SAME_AS). */
export function markSameAs<T extends object>(record: T, earlier: object): T {
  Object.defineProperty(record, SAME_AS, { value: earlier });
  return record;
}
