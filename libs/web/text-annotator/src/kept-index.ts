/** Items by id. */
export interface Index<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/**
 * Items by id, kept from one list to the next: a key press adds one span to
 * 50,000 (or changes a few), and hashing all their ids again was the largest
 * part of its frame. The map is carried over when the new list holds the
 * old one's items in the same places (a few replaced by new versions of
 * themselves, new ones after them), and built again otherwise.
 */
export function keptIndex<T extends { id: string }>(): (list: readonly T[]) => Index<T> {
  let last: { list: readonly T[]; map: Map<string, T> } | null = null;
  return (list) => {
    const map = last && carriedOver(last, list) ? last.map : new Map(list.map((a) => [a.id, a]));
    last = { list, map };
    return { get: (id) => map.get(id), has: (id) => map.has(id) };
  };
}

/** At most this many items replaced in place before the map is built again instead. */
const REPLACED_IN_PLACE = 64;

function carriedOver<T extends { id: string }>(last: { list: readonly T[]; map: Map<string, T> }, list: readonly T[]): boolean {
  if (list.length < last.list.length) return false;
  const replaced: number[] = [];
  for (let i = 0; i < last.list.length; i++) {
    if (list[i] === last.list[i]) continue;
    if (list[i].id !== last.list[i].id || replaced.length === REPLACED_IN_PLACE) return false;
    replaced.push(i);
  }
  for (const i of replaced) last.map.set(list[i].id, list[i]);
  for (let i = last.list.length; i < list.length; i++) last.map.set(list[i].id, list[i]);
  return true;
}
