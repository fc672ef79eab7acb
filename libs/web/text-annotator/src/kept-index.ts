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
 * themselves, new ones after them), and built again otherwise. It is built
 * the first time an id is looked up, not with the list: opening a document
 * looks none up, and 50,000 ids hashed there held up its first paint.
 */
export function keptIndex<T extends { id: string }>(): (list: readonly T[]) => Index<T> {
  let last: { list: readonly T[]; map: Map<string, T> | null } | null = null;
  return (list) => {
    const kept = last?.map && carriedOver({ list: last.list, map: last.map }, list) ? last.map : null;
    const entry: { list: readonly T[]; map: Map<string, T> | null } = { list, map: kept };
    last = entry;
    const map = () => (entry.map ??= byId(list));
    return { get: (id) => map().get(id), has: (id) => map().has(id) };
  };
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const a of list) map.set(a.id, a);
  return map;
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
