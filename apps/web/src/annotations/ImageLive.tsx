import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation, Label, Peer } from '@tessera/contracts';
import type { SyncClient } from '@tessera/web/sync';
import { useAssetFiles } from '../assets/api';

type Box = { x: number; y: number; width: number; height: number };
type Drag =
  | { kind: 'draw'; from: [number, number]; to: [number, number] }
  | { kind: 'move'; id: string; from: [number, number]; dx: number; dy: number; moved: boolean };

interface Props {
  client: SyncClient;
  assetId: string;
  width: number;
  height: number;
  labels: Label[];
  labelId: string | null;
  selected: string | null;
  onSelect: (id: string | null) => void;
  canEdit: boolean;
  annotations: Annotation[];
  peers: Peer[];
  onKeyDown: (e: React.KeyboardEvent) => void;
}

const boxOf = (a: Annotation): Box | null => (a.geometry.type === 'box' ? a.geometry : null);

/**
 * The minimal image editor of the live page: the image with its boxes as an
 * SVG overlay in image pixels. Drag draws, a click selects, dragging a
 * selected box moves it (one op on release), others' cursors and selections
 * show in their colours.
 */
export function ImageLive({ client, assetId, width, height, labels, labelId, selected, onSelect, canEdit, annotations, peers, onKeyDown }: Props) {
  const { t } = useTranslation();
  // A signed URL: <img src> needs no token (and the query re-signs it before it expires).
  const url = useAssetFiles(assetId, true).data?.items[0]?.url ?? null;
  const [drag, setDrag] = useState<Drag | null>(null);
  const [scale, setScale] = useState(1);
  const svg = useRef<SVGSVGElement>(null);
  const colour = (id: string) => labels.find((l) => l.id === id)?.color ?? '#888888';

  // Text and markers keep their screen size whatever the zoom.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setScale(width / Math.max(1, el.getBoundingClientRect().width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [width, url]);

  const point = (e: React.PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * width;
    const y = ((e.clientY - r.top) / r.height) * height;
    return [Math.max(0, Math.min(width, x)), Math.max(0, Math.min(height, y))];
  };
  const hit = ([x, y]: [number, number]) =>
    [...annotations].reverse().find((a) => {
      const b = boxOf(a);
      return b && x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
    });

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const p = point(e);
    (e.target as Element).setPointerCapture?.(e.pointerId);
    const under = hit(p);
    if (under && canEdit) {
      onSelect(under.id);
      setDrag({ kind: 'move', id: under.id, from: p, dx: 0, dy: 0, moved: false });
      client.setPresence({ selection: [under.id], activity: { annotationId: under.id, kind: 'dragging' } });
    } else if (under) onSelect(under.id);
    else if (canEdit && labelId) setDrag({ kind: 'draw', from: p, to: p });
    else onSelect(null);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const p = point(e);
    client.setPresence({ cursor: { x: Math.round(p[0] * 10) / 10, y: Math.round(p[1] * 10) / 10 } });
    if (drag?.kind === 'draw') setDrag({ ...drag, to: p });
    else if (drag?.kind === 'move') setDrag({ ...drag, dx: p[0] - drag.from[0], dy: p[1] - drag.from[1], moved: drag.moved || Math.hypot(p[0] - drag.from[0], p[1] - drag.from[1]) > 2 * scale });
  };
  const onPointerUp = () => {
    if (drag?.kind === 'draw') {
      const b = normalise(drag.from, drag.to);
      if (b.width >= 3 * scale && b.height >= 3 * scale && labelId) {
        const id = crypto.randomUUID();
        client.replica.create({ id, labelId, geometry: { type: 'box', ...round(b), rotation: 0 } });
        onSelect(id);
      } else onSelect(hit(drag.from)?.id ?? null);
    } else if (drag?.kind === 'move') {
      const a = annotations.find((x) => x.id === drag.id);
      const b = a && boxOf(a);
      if (a && b && drag.moved) client.replica.update(a.id, { geometry: { ...a.geometry, ...round(clampBox({ ...b, x: b.x + drag.dx, y: b.y + drag.dy }, width, height)) } as Annotation['geometry'] });
      client.setPresence({ activity: null });
    }
    setDrag(null);
  };

  const draft = drag?.kind === 'draw' ? normalise(drag.from, drag.to) : null;
  const stroke = 2;
  return (
    <div className="live-image" data-testid="live-image">
      {url ? <img src={url} alt="" width={width} height={height} draggable={false} /> : <div style={{ width: '100%', aspectRatio: `${width} / ${height}`, background: '#f5f5f5' }} />}
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="live-canvas"
        data-testid="live-canvas"
        tabIndex={0}
        role="application"
        aria-label={t('live.canvasLabel')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => client.setPresence({ cursor: null })}
        onKeyDown={onKeyDown}
        style={{ cursor: canEdit && labelId ? 'crosshair' : 'default' }}
      >
        {annotations.map((a) => {
          const b0 = boxOf(a);
          if (!b0) return null;
          const b = drag?.kind === 'move' && drag.id === a.id ? clampBox({ ...b0, x: b0.x + drag.dx, y: b0.y + drag.dy }, width, height) : b0;
          const c = colour(a.labelId);
          const isSel = a.id === selected;
          return (
            <g key={a.id} data-testid="box" data-id={a.id} data-x={Math.round(b.x)} data-y={Math.round(b.y)} data-label={a.labelId}>
              <rect x={b.x} y={b.y} width={b.width} height={b.height} fill={c} fillOpacity={isSel ? 0.25 : 0.12} stroke={c} strokeWidth={(isSel ? stroke * 1.5 : stroke) * scale} />
              {isSel && <rect x={b.x} y={b.y} width={b.width} height={b.height} fill="none" stroke="#fff" strokeWidth={scale} strokeDasharray={`${4 * scale} ${4 * scale}`} />}
              <text x={b.x + 2 * scale} y={b.y - 4 * scale} fill={c} fontSize={12 * scale} fontWeight={600} className="live-box-label">
                {labels.find((l) => l.id === a.labelId)?.name ?? a.labelId}
              </text>
            </g>
          );
        })}
        {draft && labelId && <rect data-testid="draft" x={draft.x} y={draft.y} width={draft.width} height={draft.height} fill="none" stroke={colour(labelId)} strokeWidth={stroke * scale} strokeDasharray={`${6 * scale} ${3 * scale}`} />}
        {peers.map((p) => (
          <g key={p.sessionId} data-testid="peer" data-name={p.name}>
            {(p.selection ?? []).map((id) => {
              const a = annotations.find((x) => x.id === id);
              const b = a && boxOf(a);
              return b ? <rect key={id} data-testid="peer-selection" x={b.x - 3 * scale} y={b.y - 3 * scale} width={b.width + 6 * scale} height={b.height + 6 * scale} fill="none" stroke={p.color} strokeWidth={2 * scale} strokeDasharray={`${2 * scale} ${3 * scale}`} /> : null;
            })}
            {p.cursor && (
              <g data-testid="peer-cursor" transform={`translate(${p.cursor.x} ${p.cursor.y}) scale(${scale})`}>
                <path d="M0 0 L0 16 L4.5 12 L8 19 L10.5 18 L7 11 L13 11 Z" fill={p.color} stroke="#fff" strokeWidth={1} />
                <rect x={14} y={12} rx={3} width={Math.max(24, p.name.length * 7 + 10)} height={18} fill={p.color} />
                <text x={19} y={25} fill="#fff" fontSize={12}>{p.name}</text>
              </g>
            )}
          </g>
        ))}
      </svg>
    </div>
  );
}

function normalise([x0, y0]: [number, number], [x1, y1]: [number, number]): Box {
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}
const round = (b: Box): Box => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.max(1, Math.round(b.width)), height: Math.max(1, Math.round(b.height)) });
export function clampBox(b: Box, w: number, h: number): Box {
  return { ...b, x: Math.max(0, Math.min(w - b.width, b.x)), y: Math.max(0, Math.min(h - b.height, b.y)) };
}
