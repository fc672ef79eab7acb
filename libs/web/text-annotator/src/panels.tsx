import type { TFunction } from 'i18next';
import { useMemo, useRef } from 'react';
import type { Annotation, EditOp, Label } from '@tessera/contracts';
import { acceptOps, AttributesPanel, EDITOR_NAMESPACE, isPrediction, newId, ObjectList, PredictionReview, rejectOps, type EditorPanel } from '@tessera/web/editor-ui';
import type { PlacedSpan } from './engine/layout';
import { DocumentLabels } from './DocumentLabels';
import { EntityList } from './EntityList';
import type { EditorContext } from './context';
import { useSettled } from './useSettled';

export interface PanelData {
  labels: readonly Label[];
  docLabels: readonly Label[];
  docAnnotations: readonly Annotation[];
  /** The spans and annotations as the side panels show them: a moment behind the document, which paints first. */
  laterPlaced: readonly PlacedSpan[];
  laterAnnotations: readonly Annotation[];
  te: TFunction<typeof EDITOR_NAMESPACE>;
  /** The score from which "accept all" takes a model's spans. */
  threshold: number;
  setThreshold: (t: number) => void;
}

const NOTHING_SELECTED: readonly string[] = [];
/**
 * How long the selection must rest before the panels show it. A label's key press selects the new span: its row
 * paints first, and while keys keep coming the panels (the attributes' form, the lists' highlight) wait.
 */
const SELECTION_SETTLE_MS = 100;

/** The same array as `last` when it holds the same items (so what it feeds is not drawn again). */
function sameItems<T>(last: readonly T[] | null, next: T[]): readonly T[] {
  return last && last.length === next.length && last.every((x, i) => x === next[i]) ? last : next;
}

/**
 * The side panels: the document's labels, the selection's attributes, the
 * entity list and the list of every object. They are made again only when
 * what they show changes, and follow the selection once it has rested a
 * moment: a label's key press paints its row first, then the panels catch up. Their handlers act on the editor's latest state.
 */
export function useTextPanels(c: EditorContext, { labels, docLabels, docAnnotations, laterPlaced, laterAnnotations, te, threshold, setThreshold }: PanelData): EditorPanel[] {
  const latest = useRef(c);
  latest.current = c;
  const { t, readOnly, text } = c;
  const peers = c.props.peers;
  const selection = useSettled<readonly string[]>(c.selection, NOTHING_SELECTED, SELECTION_SETTLE_MS);
  const lastSelected = useRef<readonly Annotation[] | null>(null);
  const selectedSpans = (lastSelected.current = sameItems(
    lastSelected.current,
    selection.map((id) => c.byId.get(id)).filter((a): a is Annotation => !!a),
  ));
  // A model's spans still to decide, from what the panels show (a moment behind the document, as the lists are).
  const predictions = useMemo(() => laterAnnotations.filter(isPrediction), [laterAnnotations]);
  return useMemo((): EditorPanel[] => {
    const onOps = (ops: EditOp[]) => latest.current.props.onOps(ops);
    const goTo = (at: number) => {
      const c = latest.current;
      c.setAnchor(at);
      c.setFocus(at);
      c.reveal(at);
    };
    return [
      ...(docLabels.length
        ? [
            {
              key: 'document',
              title: t('docLabels.title'),
              testId: 'doc-labels-panel',
              children: <DocumentLabels labels={docLabels} annotations={docAnnotations} disabled={readOnly} onOps={onOps} newId={newId} onDone={() => latest.current.viewRef.current?.focus()} />,
            },
          ]
        : []),
      ...(predictions.length
        ? [
            {
              key: 'predictions',
              testId: 'predictions',
              title: te('predictions', { count: predictions.length }),
              children: (
                <PredictionReview
                  predictions={predictions}
                  threshold={threshold}
                  onThreshold={setThreshold}
                  readOnly={readOnly}
                  onAccept={(l) => onOps(acceptOps(l))}
                  onReject={(l) => onOps(rejectOps(l))}
                />
              ),
            },
          ]
        : []),
      {
        key: 'attributes',
        title: te('attributes'),
        children: (
          <AttributesPanel
            selected={selectedSpans}
            labels={labels}
            disabled={readOnly}
            peers={peers}
            onLabel={(id, l) => onOps([{ type: 'update', id, patch: { labelId: l } }])}
            onAttribute={(id, key, v) => onOps([{ type: 'update', id, patch: { attributes: { [key]: v } } }])}
            onAccept={(a) => onOps(acceptOps([a]))}
            onReject={(a) => onOps(rejectOps([a]))}
          />
        ),
      },
      {
        key: 'entities',
        title: t('entities.title'),
        testId: 'entities-panel',
        children: (
          <EntityList
            spans={laterPlaced}
            labels={labels}
            text={text}
            selection={selection}
            onJump={(id) => {
              const s = latest.current.spanById.get(id);
              if (!s) return;
              goTo(s.start);
              latest.current.select([id]);
            }}
          />
        ),
      },
      {
        key: 'objects',
        title: te('objects', { count: laterAnnotations.length }),
        children: (
          <ObjectList
            objects={laterAnnotations}
            labels={labels}
            selection={selection}
            onSelect={(ids, clicked) => {
              latest.current.select(ids);
              const a = latest.current.byId.get(clicked);
              if (a?.geometry.type === 'span') goTo(a.geometry.start);
            }}
            rowData={(a) =>
              a.geometry.type === 'span'
                ? { start: a.geometry.start, end: a.geometry.end, text: latest.current.quote(a.geometry.start, a.geometry.end) }
                : a.geometry.type === 'relation'
                  ? { from: a.geometry.from, to: a.geometry.to, text: `${latest.current.spanText(a.geometry.from)} → ${latest.current.spanText(a.geometry.to)}` }
                  : {}
            }
          />
        ),
      },
    ];
  }, [t, te, labels, docLabels, docAnnotations, readOnly, text, peers, selection, selectedSpans, laterPlaced, laterAnnotations, predictions, threshold, setThreshold]);
}
