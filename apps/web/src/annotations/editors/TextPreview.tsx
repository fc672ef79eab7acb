import { useMemo } from 'react';
import { Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label } from '@tessera/contracts';
import type { CommentPin } from '@tessera/web/editor-ui';
import { useAssetFiles, useSignedText } from '../../assets/api';
import type { MediaEditorProps } from './index';
import { PreviewFrame, usePreviewSelection } from './PreviewFrame';

interface Segment {
  start: number;
  end: number;
  spans: Annotation[];
}

/** Cuts the text at every span boundary, so overlapping spans each show. */
export function segmentText(length: number, spans: readonly Annotation[]): Segment[] {
  const cuts = new Set([0, length]);
  for (const s of spans) {
    if (s.geometry.type !== 'span') continue;
    cuts.add(Math.min(s.geometry.start, length));
    cuts.add(Math.min(s.geometry.end, length));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const [start, end] = [sorted[i], sorted[i + 1]];
    if (end <= start) continue;
    out.push({ start, end, spans: spans.filter((s) => s.geometry.type === 'span' && s.geometry.start <= start && s.geometry.end >= end) });
  }
  return out;
}

/**
 * A text asset read-only, its spans marked, in the editors' frame: the place
 * libs/web/text-annotator takes when it exists. Spans can be selected (a
 * comment pins to the selected one) and a click on plain text pins a comment
 * at that character.
 */
export default function TextPreview(props: MediaEditorProps) {
  const { t } = useTranslation();
  const { asset, labels, annotations, pins = [], onPoint } = props;
  const files = useAssetFiles(asset.id, true);
  const url = files.data?.assetId === asset.id ? files.data.items[0]?.url : undefined;
  const text = useSignedText(asset.id, url).data;
  const [selection, select] = usePreviewSelection(props);
  const spans = useMemo(() => annotations.filter((a) => a.geometry.type === 'span'), [annotations]);
  const byId = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  return (
    <PreviewFrame testId="text-preview" editor={props} selection={selection} onSelect={select}>
      {text === undefined ? (
        <Skeleton active aria-label={t('tasks.task.loadingAsset')} />
      ) : (
        <MarkedText text={text} spans={spans} labels={byId} pins={pins} selection={selection} onSelect={(id) => select(id ? [id] : [])} onPoint={onPoint} />
      )}
    </PreviewFrame>
  );
}

function MarkedText({ text, spans, labels, pins, selection, onSelect, onPoint }: { text: string; spans: readonly Annotation[]; labels: ReadonlyMap<string, Label>; pins: readonly CommentPin[]; selection: readonly string[]; onSelect: (id: string | null) => void; onPoint?: (p: { x: number; y: number }) => void }) {
  const segments = useMemo(() => segmentText(text.length, spans), [text, spans]);
  const colorOf = (a: Annotation) => labels.get(a.labelId)?.color ?? '#8c8c8c';
  // Pins after the span they belong to, or at the offset they name.
  const pinsAt = new Map<number, CommentPin[]>();
  for (const p of pins) {
    const a = p.annotationId ? spans.find((s) => s.id === p.annotationId) : undefined;
    const at = a && a.geometry.type === 'span' ? a.geometry.end : p.point ? Math.round(p.point.x) : null;
    if (at !== null) pinsAt.set(at, [...(pinsAt.get(at) ?? []), p]);
  }
  const marks = (at: number) =>
    (pinsAt.get(at) ?? []).map((p) => (
      <sup key={p.n} className={`text-pin${p.draft ? ' is-draft' : ''}`} style={{ opacity: p.resolved ? 0.5 : 1 }} aria-hidden>
        {p.draft ? '•' : p.n}
      </sup>
    ));
  if (!segments.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre className="text-preview" tabIndex={0} data-testid="task-text">
      {marks(0)}
      {segments.map((s) => {
        const top = s.spans[s.spans.length - 1];
        const piece = text.slice(s.start, s.end);
        if (!top) {
          return (
            <span key={s.start} onClick={onPoint ? () => (onSelect(null), onPoint({ x: s.start, y: 0 })) : undefined}>
              {piece}
              {marks(s.end)}
            </span>
          );
        }
        const color = colorOf(top);
        const selected = s.spans.some((a) => selection.includes(a.id));
        return (
          <mark
            key={s.start}
            role="button"
            tabIndex={0}
            aria-pressed={selected}
            aria-label={`${labels.get(top.labelId)?.name ?? top.labelId}: ${piece}`}
            data-testid="annotation-shape"
            data-annotation-id={top.id}
            onClick={() => onSelect(top.id)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(top.id))}
            style={{ background: `${color}${selected ? '66' : '33'}`, borderBottom: `2px solid ${color}`, boxShadow: s.spans.length > 1 ? `inset 0 -4px 0 ${colorOf(s.spans[0])}` : undefined }}
          >
            {piece}
            {marks(s.end)}
          </mark>
        );
      })}
    </pre>
  );
}
