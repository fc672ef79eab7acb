import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AssetChoice as ChosenAssets, AssetDeletion } from '@tessera/contracts';
import type { AssetFilters } from './api';

/**
 * The assets a person has chosen in the grid: some, one by one, or every one the filters match but some taken out.
 * "Every one" is kept as the filters, not as ids, since the grid loads only the pages in view.
 */
type Chosen = { all: false; ids: ReadonlySet<string> } | { all: true; except: ReadonlySet<string> };

const NONE: Chosen = { all: false, ids: new Set() };

export interface AssetChoice {
  /** How many are chosen, of the `total` the filters match. */
  count: number;
  /** Every one the filters match, none taken out. */
  whole: boolean;
  has(id: string): boolean;
  toggle(id: string): void;
  /** An asset deleted on its own: out of the choice either way (it no longer counts among those the filters match). */
  forget(id: string): void;
  chooseAll(): void;
  clear(): void;
  /** The choice as the server takes it (to retry the failed ones). */
  asked(): ChosenAssets;
  /** What the server is asked to delete, with the number the person saw chosen. */
  deletion(): AssetDeletion;
}

/** A choice that lasts while the filters stay the same: other filters show other assets, so it starts again. */
export function useAssetChoice(filters: AssetFilters, total: number): AssetChoice {
  const [chosen, setChosen] = useState<Chosen>(NONE);
  const filterKey = JSON.stringify(filters);
  useEffect(() => setChosen(NONE), [filterKey]);

  // The one set a choice keeps (its ids, or what "all" leaves out), changed: toggled, or the id struck off.
  const edit = (id: string, toggling: boolean) => setChosen((c) => {
    const set = new Set(c.all ? c.except : c.ids);
    if (!set.delete(id)) {
      if (!toggling) return c;
      set.add(id);
    }
    return c.all ? { all: true, except: set } : { all: false, ids: set };
  });
  const toggle = useCallback((id: string) => edit(id, true), []);
  const forget = useCallback((id: string) => edit(id, false), []);
  const chooseAll = useCallback(() => setChosen({ all: true, except: new Set() }), []);
  const clear = useCallback(() => setChosen(NONE), []);

  return useMemo(() => {
    const asked = (): ChosenAssets => chosen.all
      ? { matching: filters, ...(chosen.except.size ? { except: [...chosen.except] } : {}) }
      : { ids: [...chosen.ids] };
    const count = chosen.all ? Math.max(0, total - chosen.except.size) : chosen.ids.size;
    return {
      count,
      whole: chosen.all && chosen.except.size === 0,
      has: (id: string) => (chosen.all ? !chosen.except.has(id) : chosen.ids.has(id)),
      toggle,
      forget,
      chooseAll,
      clear,
      asked,
      deletion: (): AssetDeletion => ({ ...asked(), expected: count }),
    };
  }, [chosen, total, filterKey]);
}
