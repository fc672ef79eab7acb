import { memo, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, Asset, Label } from '@tessera/contracts';
import { useAssetFiles, useSignedText } from '../assets/api';

/** A comment's pin: a numbered marker at a point, or on an annotation. */
export interface Pin {
  n: number;
  annotationId: string | null;
  point: { x: number; y: number } | null;
  resolved: boolean;
}

export interface AssetViewProps {
  asset: Asset;
  annotations: readonly Annotation[];
  labels: Map<string, Label>;
  pins: Pin[];
  /** Where the next comment will be pinned, drawn as a hollow marker. */
  draftPoint: { x: number; y: number } | null;
  selectedId: string | null;
  onSelect: (annotationId: string | null) => void;
  /** Clicking the asset outside any object, for a comment pinned to a point; absent when one may not comment. */
  onPoint?: (p: { x: number; y: number }) => void;
}

/**
 * The task's asset, read-only, with its annotations drawn over it. The real
 * editors (libs/web/image-annotator and friends) will take this place; until
 * then this shows the work for review and for comments.
 */
export function AssetView(props: AssetViewProps) {
  const { t } = useTranslation();
  if (props.asset.kind === 'image') return <ImageView {...props} />;
  if (props.asset.kind === 'text') return <TextView {...props} />;
  const m = props.asset.metadata;
  return (
    <Card size="small" title={t('tasks.task.dicomSeries')} data-testid="dicom-card">
      {props.asset.thumbnailUrl && <img src={props.asset.thumbnailUrl} alt={props.asset.name} style={{ maxWidth: 320, display: 'block', marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'modality', label: t('tasks.task.modality'), children: String(m.modality ?? '—') },
          { key: 'count', label: t('assets.instances'), children: t('tasks.task.instances', { count: Number(m.instanceCount ?? 0) }) },
        ]}
      />
    </Card>
  );
}

const colorOf = (labels: Map<string, Label>, a: Annotation) => labels.get(a.labelId)?.color ?? '#8c8c8c';
const nameOf = (labels: Map<string, Label>, a: Annotation) => labels.get(a.labelId)?.name ?? a.labelId;

/** Where a pin on an annotation sits: a box's top-right corner, a shape's first point. */
export function anchorOf(a: Annotation): { x: number; y: number } | null {
  const g = a.geometry;
  switch (g.type) {
    case 'box':
      return { x: g.x + g.width, y: g.y };
    case 'polygon':
    case 'polyline':
    case 'points':
      return { x: g.points[0][0], y: g.points[0][1] };
    case 'keypoints': {
      const p = g.points.find((q) => q !== null);
      return p ? { x: p.x, y: p.y } : null;
    }
    default:
      return null;
  }
}

function ImageView({ asset, annotations, labels, pins, draftPoint, selectedId, onSelect, onPoint }: AssetViewProps) {
  const { t } = useTranslation();
  const files = useAssetFiles(asset.id, asset.status === 'ready');
  const url = files.data?.assetId === asset.id ? files.data.items[0]?.url : undefined;
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(asset.width && asset.height ? { w: asset.width, h: asset.height } : null);
  const w = natural?.w ?? 1;
  const h = natural?.h ?? 1;
  // Marker sizes in image pixels that stay readable whatever the image's size.
  const unit = Math.max(w, h) / 100;
  const byId = useMemo(() => new Map(annotations.map((a) => [a.id, a])), [annotations]);

  const clickBackground = (e: MouseEvent<SVGRectElement>) => {
    onSelect(null);
    if (!onPoint) return;
    const r = (e.currentTarget.ownerSVGElement as SVGSVGElement).getBoundingClientRect();
    onPoint({ x: Math.round(((e.clientX - r.left) / r.width) * w), y: Math.round(((e.clientY - r.top) / r.height) * h) });
  };

  if (!url) return <Skeleton.Image active style={{ width: 480, height: 320 }} aria-label={t('tasks.task.loadingAsset')} />;
  return (
    <div className="tessera-task-image" style={{ position: 'relative', display: 'inline-block', maxWidth: '100%', lineHeight: 0 }} data-testid="task-image">
      <img
        src={url}
        alt={asset.name}
        style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block' }}
        onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
      />
      {natural && (
        <svg
          viewBox={`0 0 ${w} ${h}`}
          preserveAspectRatio="none"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
          data-testid="annotation-overlay"
        >
          <rect x={0} y={0} width={w} height={h} fill="transparent" onClick={clickBackground} style={{ cursor: onPoint ? 'crosshair' : 'default' }} />
          {annotations.map((a) => (
            <Shape key={a.id} a={a} color={colorOf(labels, a)} name={nameOf(labels, a)} selected={a.id === selectedId} unit={unit} onSelect={onSelect} />
          ))}
          {pins.map((p) => {
            const at = p.point ?? (p.annotationId ? anchorOf(byId.get(p.annotationId) ?? ({ geometry: { type: 'tag' } } as Annotation)) : null);
            return at ? <PinMarker key={p.n} n={p.n} x={at.x} y={at.y} unit={unit} resolved={p.resolved} /> : null;
          })}
          {draftPoint && <circle cx={draftPoint.x} cy={draftPoint.y} r={unit * 1.4} fill="none" stroke="#fa541c" strokeWidth={unit * 0.4} strokeDasharray={`${unit} ${unit * 0.5}`} data-testid="draft-pin" />}
        </svg>
      )}
    </div>
  );
}

/** One annotation as SVG; focusable, so objects can be picked for a comment from the keyboard too. */
const Shape = memo(function Shape({ a, color, name, selected, unit, onSelect }: { a: Annotation; color: string; name: string; selected: boolean; unit: number; onSelect: (id: string) => void }) {
  const g = a.geometry;
  const common = {
    stroke: color,
    strokeWidth: (selected ? 0.6 : 0.3) * unit,
    fill: selected ? `${color}55` : `${color}22`,
    vectorEffect: 'none' as const,
  };
  const pick = (e: MouseEvent) => (e.stopPropagation(), onSelect(a.id));
  const key = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(a.id);
    }
  };
  const a11y = { tabIndex: 0, role: 'button', 'aria-label': name, 'aria-pressed': selected, onClick: pick, onKeyDown: key, 'data-testid': 'annotation-shape', 'data-annotation-id': a.id, style: { cursor: 'pointer' } };
  let body: React.ReactNode = null;
  switch (g.type) {
    case 'box': {
      const cx = g.x + g.width / 2;
      const cy = g.y + g.height / 2;
      body = <rect x={g.x} y={g.y} width={g.width} height={g.height} transform={g.rotation ? `rotate(${g.rotation} ${cx} ${cy})` : undefined} {...common} />;
      break;
    }
    case 'polygon':
      body = <polygon points={g.points.map((p) => p.join(',')).join(' ')} {...common} />;
      break;
    case 'polyline':
      body = <polyline points={g.points.map((p) => p.join(',')).join(' ')} {...common} fill="none" />;
      break;
    case 'points':
      body = g.points.map(([x, y], i) => <circle key={i} cx={x} cy={y} r={unit * 0.8} {...common} fill={color} />);
      break;
    case 'keypoints':
      body = g.points.map((p, i) => (p ? <circle key={i} cx={p.x} cy={p.y} r={unit * 0.8} {...common} fill={p.visible ? color : 'none'} /> : null));
      break;
    default:
      // Masks and whole-image labels are listed beside the image; the editor will draw masks.
      return null;
  }
  return (
    <g {...a11y} className="tessera-shape">
      <title>{name}</title>
      {body}
    </g>
  );
});

function PinMarker({ n, x, y, unit, resolved }: { n: number; x: number; y: number; unit: number; resolved: boolean }) {
  const r = unit * 1.6;
  return (
    <g pointerEvents="none" data-testid="comment-pin" opacity={resolved ? 0.45 : 1}>
      <circle cx={x} cy={y} r={r} fill={resolved ? '#8c8c8c' : '#fa541c'} stroke="#fff" strokeWidth={unit * 0.3} />
      <text x={x} y={y} fill="#fff" fontSize={r * 1.1} fontWeight={700} textAnchor="middle" dominantBaseline="central">
        {n}
      </text>
    </g>
  );
}

interface Segment {
  start: number;
  end: number;
  spans: Annotation[];
}

/** Cuts the text at every span boundary, so overlapping spans each show. */
export function segmentText(length: number, spans: Annotation[]): Segment[] {
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

function TextView({ asset, annotations, labels, pins, draftPoint, selectedId, onSelect, onPoint }: AssetViewProps) {
  const { t } = useTranslation();
  const files = useAssetFiles(asset.id, asset.status === 'ready');
  const url = files.data?.assetId === asset.id ? files.data.items[0]?.url : undefined;
  const text = useSignedText(asset.id, url).data;
  const spans = useMemo(() => annotations.filter((a) => a.geometry.type === 'span'), [annotations]);
  const segments = useMemo(() => (text === undefined ? [] : segmentText(text.length, spans)), [text, spans]);
  if (text === undefined) return <Skeleton active aria-label={t('tasks.task.loadingAsset')} />;

  // Pins after the span they belong to, or at the offset they name.
  const pinsAt = new Map<number, Pin[]>();
  for (const p of pins) {
    const a = p.annotationId ? spans.find((s) => s.id === p.annotationId) : undefined;
    const at = a && a.geometry.type === 'span' ? a.geometry.end : p.point ? Math.round(p.point.x) : null;
    if (at !== null) pinsAt.set(at, [...(pinsAt.get(at) ?? []), p]);
  }
  const marks = (at: number) => (
    <>
      {(pinsAt.get(at) ?? []).map((p) => (
        <sup key={p.n} className="tessera-text-pin" data-testid="comment-pin" style={{ opacity: p.resolved ? 0.5 : 1 }}>
          {p.n}
        </sup>
      ))}
      {draftPoint && Math.round(draftPoint.x) === at && <sup className="tessera-text-pin tessera-text-pin-draft" data-testid="draft-pin">•</sup>}
    </>
  );

  return (
    <pre className="tessera-task-text" tabIndex={0} data-testid="task-text">
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
        const color = colorOf(labels, top);
        const selected = s.spans.some((a) => a.id === selectedId);
        return (
          <mark
            key={s.start}
            role="button"
            tabIndex={0}
            aria-pressed={selected}
            aria-label={`${nameOf(labels, top)}: ${piece}`}
            data-testid="annotation-shape"
            data-annotation-id={top.id}
            onClick={() => onSelect(top.id)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(top.id))}
            style={{
              background: `${color}${selected ? '66' : '33'}`,
              borderBottom: `2px solid ${color}`,
              boxShadow: s.spans.length > 1 ? `inset 0 -4px 0 ${colorOf(labels, s.spans[0])}` : undefined,
              padding: 0,
              cursor: 'pointer',
            }}
          >
            {piece}
            {marks(s.end)}
          </mark>
        );
      })}
      {segments.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
    </pre>
  );
}
