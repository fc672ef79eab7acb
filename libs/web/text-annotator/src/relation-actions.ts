import type { Label } from '@tessera/contracts';
import { newId } from '@tessera/web/editor-ui';
import { relationExists, stepTarget } from './engine/relations';
import type { EditorContext } from './context';

/** Making a relation from the keyboard or the mouse: start from the selected span, step to a target, pick the label. */
export function relationActions(c: EditorContext) {
  const { relating, setRelating, t, announce, relationLabels } = c;

  /** Moves a relation's target and says where it is. */
  const target = (to: string | null) => {
    if (!relating || !to) return;
    setRelating({ ...relating, to });
    const s = c.spanById.get(to)!;
    c.reveal(s.start);
    announce(t('announce.target', { label: c.labelOf.get(s.labelId)?.name ?? s.labelId, text: c.quote(s.start, s.end) }));
  };

  const startRelation = (): boolean => {
    if (c.readOnly || !relationLabels.length) return false;
    const from = c.selection.length === 1 && c.byId.get(c.selection[0])?.geometry.type === 'span' ? c.selection[0] : null;
    if (!from) {
      announce(t('announce.relationNeedsSpan'));
      return true;
    }
    const to = stepTarget(c.placed, from, null, true);
    setRelating({ from, to, picking: false, pick: Math.max(0, relationLabels.findIndex((l) => l.id === c.labelId)) });
    if (to) c.reveal(c.spanById.get(to)!.start);
    announce(t('announce.relating', { from: c.spanText(from), to: c.spanText(to) }));
    return true;
  };

  const createRelation = (label: Label): boolean => {
    if (!relating?.to) return false;
    const { from, to } = relating;
    setRelating(null);
    if (relationExists(c.relations, label.id, from, to, !!label.symmetric)) {
      announce(t('announce.relationExists', { label: label.name }));
      return true;
    }
    const id = newId();
    c.props.onOps([{ type: 'create', annotation: { id, labelId: label.id, geometry: { type: 'relation', from, to } } }]);
    c.setSelection([id]);
    c.props.onSelectionChange?.([id]);
    announce(t('announce.related', { label: label.name, from: c.spanText(from), to: c.spanText(to) }));
    return true;
  };

  const confirmRelation = (): boolean => {
    if (!relating) return false;
    if (!relating.to) return true;
    if (relating.picking || relationLabels.length === 1) return createRelation(relationLabels[relating.picking ? relating.pick : 0]);
    setRelating({ ...relating, picking: true });
    announce(t('announce.pickRelation', { label: relationLabels[relating.pick].name }));
    return true;
  };

  const pickStep = (by: number) => {
    if (!relating) return false;
    const pick = (relating.pick + by + relationLabels.length) % relationLabels.length;
    setRelating({ ...relating, pick });
    announce(relationLabels[pick].name);
    return true;
  };

  return { target, startRelation, createRelation, confirmRelation, pickStep };
}
