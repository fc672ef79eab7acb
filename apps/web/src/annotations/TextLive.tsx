import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label } from '@tessera/contracts';
import type { SyncClient } from '@tessera/web/sync';
import { useAssetFiles, useSignedText } from '../assets/api';

interface Props {
  client: SyncClient;
  assetId: string;
  labels: Label[];
  labelId: string | null;
  selected: string | null;
  onSelect: (id: string | null) => void;
  canEdit: boolean;
  annotations: Annotation[];
}

/** The minimal text editor of the live page: selecting text marks it as a span with the chosen label. */
export function TextLive({ client, assetId, labels, labelId, selected, onSelect, canEdit, annotations }: Props) {
  const { t } = useTranslation();
  const files = useAssetFiles(assetId, true);
  const text = useSignedText(assetId, files.data?.items[0]?.url).data ?? null;
  const pre = useRef<HTMLPreElement>(null);

  const spans = annotations.filter((a) => a.geometry.type === 'span') as (Annotation & { geometry: { type: 'span'; start: number; end: number } })[];
  const onMouseUp = () => {
    const sel = window.getSelection();
    const root = pre.current;
    if (!sel || sel.isCollapsed || !root || !canEdit || !labelId || !root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return;
    const offset = (node: Node, at: number) => {
      const r = document.createRange();
      r.selectNodeContents(root);
      r.setEnd(node, at);
      return r.toString().length;
    };
    const a = offset(sel.anchorNode!, sel.anchorOffset);
    const b = offset(sel.focusNode!, sel.focusOffset);
    const [start, end] = a < b ? [a, b] : [b, a];
    if (end <= start) return;
    const id = crypto.randomUUID();
    client.replica.create({ id, labelId, geometry: { type: 'span', start, end } });
    sel.removeAllRanges();
    onSelect(id);
  };

  if (text === null) return <div className="live-text" aria-busy />;
  // Cut the text at every span boundary; each piece takes the colour of the first span covering it.
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.geometry.start, s.geometry.end])])].filter((n) => n <= text.length).sort((x, y) => x - y);
  const colour = (id: string) => labels.find((l) => l.id === id)?.color ?? '#888888';
  return (
    <pre ref={pre} className="live-text" data-testid="live-text" tabIndex={0} aria-label={t('live.textLabel')} onMouseUp={onMouseUp}>
      {cuts.slice(0, -1).map((from, i) => {
        const to = cuts[i + 1];
        const s = spans.find((x) => x.geometry.start <= from && x.geometry.end >= to);
        const piece = text.slice(from, to);
        return s ? (
          <mark key={from} data-testid="span" data-id={s.id} style={{ background: colour(s.labelId) + (s.id === selected ? '66' : '33'), outline: s.id === selected ? `2px solid ${colour(s.labelId)}` : undefined }} onClick={() => onSelect(s.id)}>
            {piece}
          </mark>
        ) : (
          <span key={from}>{piece}</span>
        );
      })}
    </pre>
  );
}
