import type { Queryable } from '@tessera/server/annotations';
import { cohenKappa, fleissKappaOfRatings, krippendorffAlpha, tokenLabels, type Rating } from '@tessera/quality';

/** Overlapped assets a report reads at most (the most recent). */
const MAX_ASSETS = 5000;

interface Unit {
  /** person → value */
  values: Map<string, Rating>;
}

type Scope = { scope: string; raters: number; units: number; cohenKappa: number | null; fleissKappa: number | null; krippendorffAlpha: number | null };

/**
 * Chance-corrected agreement on what people label as categories: each kind
 * of classification (image tags, document labels, series classifications),
 * an asset's value being its set of labels; and text spans per token, each
 * token's value its label (or none). Cohen's κ where exactly two people
 * rated, Fleiss' κ and Krippendorff's α (nominal) for any number.
 */
export async function chanceCorrected(db: Queryable, projectId: string): Promise<Scope[]> {
  const rows = await db.query<{ asset_id: string; user_id: string; kind: string; label_id: string | null; start: number | null; end: number | null; tokens: number | null }[]>(
    `WITH assets AS (SELECT asset_id FROM quality_asset_results WHERE project_id = $1 ORDER BY computed_at DESC LIMIT $2)
     SELECT t.asset_id, t.assignee_id AS user_id, a.kind, a.label_id,
            (a.geometry->>'start')::int AS start, (a.geometry->>'end')::int AS "end", NULL::int AS tokens
       FROM assets x JOIN tasks t ON t.asset_id = x.asset_id AND t.stage = 'annotate' AND t.purpose = 'work' AND t.state IN ('submitted','accepted')
       JOIN annotation_sets s ON s.asset_id = t.asset_id AND s.task_id = t.id
       LEFT JOIN annotations a ON a.set_id = s.id AND a.kind IN ('tag','doc-label','classification','span')`,
    [projectId, MAX_ASSETS],
  );
  const byScope = new Map<string, Map<string, Unit>>();
  const unit = (scope: string, key: string) => {
    const units = byScope.get(scope) ?? new Map<string, Unit>();
    byScope.set(scope, units);
    const u = units.get(key) ?? { values: new Map() };
    units.set(key, u);
    return u;
  };
  // Who rated each asset (every person whose work is in rated it, even with no label of a kind).
  const raters = new Map<string, Set<string>>();
  for (const r of rows) raters.set(r.asset_id, (raters.get(r.asset_id) ?? new Set()).add(r.user_id));
  const kinds = new Set(rows.map((r) => r.kind).filter((k): k is string => !!k && k !== 'span'));
  for (const kind of kinds) {
    for (const [assetId, people] of raters) {
      const u = unit(kind, assetId);
      for (const person of people) {
        const labels = rows.filter((r) => r.asset_id === assetId && r.user_id === person && r.kind === kind).map((r) => r.label_id!).sort();
        u.values.set(person, labels.length ? labels.join('+') : '(none)');
      }
    }
  }
  // Spans: tokens are cut at every boundary anyone drew, so each piece has one label per person.
  const spanAssets = new Set(rows.filter((r) => r.kind === 'span').map((r) => r.asset_id));
  for (const assetId of spanAssets) {
    const spans = rows.filter((r) => r.asset_id === assetId && r.kind === 'span');
    const cuts = [...new Set(spans.flatMap((s) => [s.start!, s.end!]))].sort((a, b) => a - b);
    const pieces = cuts.slice(0, -1).map((c, i) => ({ start: c, end: cuts[i + 1] }));
    for (const person of raters.get(assetId) ?? []) {
      const mine = spans.filter((s) => s.user_id === person).map((s) => ({ start: s.start!, end: s.end!, labelId: s.label_id! }));
      tokenLabels(pieces, mine).forEach((label, i) => unit('span (per token)', `${assetId}:${i}`).values.set(person, label ?? '(none)'));
    }
  }
  const out: Scope[] = [];
  for (const [scope, units] of byScope) {
    const people = [...new Set([...units.values()].flatMap((u) => [...u.values.keys()]))].sort();
    const matrix = [...units.values()].filter((u) => u.values.size >= 2).map((u) => people.map((p) => u.values.get(p) ?? null));
    if (!matrix.length) continue;
    out.push({
      scope,
      raters: people.length,
      units: matrix.length,
      cohenKappa: people.length === 2 ? cohenKappa(matrix.map((m) => m[0]), matrix.map((m) => m[1])).kappa : null,
      fleissKappa: fleissKappaOfRatings(matrix).kappa,
      krippendorffAlpha: krippendorffAlpha(matrix).alpha,
    });
  }
  return out.sort((a, b) => a.scope.localeCompare(b.scope));
}
