/** Items by id, looked up lazily: a label's key press needs one or two ids of 50,000, not a map of them all. */
export interface Index<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/** Items by id, found by a scan from the end (where new ones are) for the first few look-ups, by a map built then after. */
export function lazyIndex<T extends { id: string }>(list: readonly T[]): Index<T> {
  let map: Map<string, T> | null = null;
  let scans = 0;
  const get = (id: string): T | undefined => {
    if (!map && ++scans > 4) map = new Map(list.map((a) => [a.id, a]));
    if (map) return map.get(id);
    for (let i = list.length - 1; i >= 0; i--) if (list[i].id === id) return list[i];
    return undefined;
  };
  return { get, has: (id) => get(id) !== undefined };
}
