import { useMemo, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Annotation, AssetQuality } from '@tessera/contracts';
import { useAssetFiles, useSignedText } from '../assets/api';

/**
 * One colour per person, distinct from the red of disagreement and the green of the consensus,
 * dark enough for text on white (WCAG AA) as well as for outlines.
 */
export const PERSON_COLORS = ['#0958d9', '#531dab', '#ad4e00', '#006d75', '#9e1068', '#1d39c4'];
const CONSENSUS = '#389e0d';
const DISAGREE = '#cf1322';

type Geometry = Annotation['geometry'];

function Shape({ g, color, dashed, width }: { g: Geometry; color: string; dashed?: boolean; width: number }) {
  const style = { fill: 'none', stroke: color, strokeWidth: width, strokeDasharray: dashed ? `${width * 3} ${width * 2}` : undefined, vectorEffect: 'non-scaling-stroke' as const };
  if (g.type === 'box') {
    const cx = g.x + g.width / 2;
    const cy = g.y + g.height / 2;
    return <rect x={g.x} y={g.y} width={g.width} height={g.height} transform={g.rotation ? `rotate(${g.rotation} ${cx} ${cy})` : undefined} style={style} />;
  }
  if (g.type === 'polygon' || g.type === 'polyline') {
    const d = g.points.map((p) => p.join(',')).join(' ');
    return g.type === 'polygon' ? <polygon points={d} style={style} /> : <polyline points={d} style={style} />;
  }
  if (g.type === 'points') return <>{g.points.map(([x, y], i) => <circle key={i} cx={x} cy={y} r={3} style={style} />)}</>;
  if (g.type === 'keypoints') return <>{g.points.map((p, i) => p && <circle key={i} cx={p.x} cy={p.y} r={3} style={style} />)}</>;
  return null;
}

/**
 * The asset with every person's annotations over it, in their colours, what
 * the others disagreed with dashed in red, and the consensus in green. Text
 * shows each person's spans; other kinds list their objects.
 */
export function ConsensusView({ quality, kind }: { quality: AssetQuality; kind: 'image' | 'text' | 'dicom' }) {
  const { t } = useTranslation();
  if (kind === 'image') return <ImageLayers quality={quality} />;
  if (kind === 'text') return <TextLayers quality={quality} />;
  return <Typography.Text type="secondary">{t('quality.consensus.noPreview')}</Typography.Text>;
}

function ImageLayers({ quality }: { quality: AssetQuality }) {
  const { t } = useTranslation();
  const files = useAssetFiles(quality.assetId, true);
  const file = files.data?.items.find((f) => f.kind === 'content');
  // The frame: the image's natural size once loaded; the objects' extent until then (or without one).
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const extent = useMemo(() => {
    const all = quality.people.flatMap((p) => p.annotations.map((a) => a.geometry)).concat(quality.objects.map((o) => o.geometry as Geometry));
    let m = { w: 1, h: 1 };
    for (const g of all) {
      if (g.type === 'box') m = { w: Math.max(m.w, g.x + g.width), h: Math.max(m.h, g.y + g.height) };
      else if ('points' in g && Array.isArray(g.points)) for (const p of g.points as unknown[]) if (Array.isArray(p)) m = { w: Math.max(m.w, p[0] as number), h: Math.max(m.h, p[1] as number) };
    }
    return m;
  }, [quality]);
  const frame = natural ?? extent;
  return (
    <figure style={{ margin: 0 }} data-testid="consensus-image">
      <div style={{ position: 'relative', width: '100%' }}>
        {file && <img src={file.url} alt={quality.assetName} style={{ width: '100%', display: 'block' }} onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />}
        <svg viewBox={`0 0 ${frame.w} ${frame.h}`} preserveAspectRatio="none" aria-hidden
          style={{ position: file ? 'absolute' : 'relative', inset: 0, width: '100%', height: file ? '100%' : 360 }}>
          {quality.people.map((p, i) => {
            const disputed = new Set(p.disagreements.map((d) => d.annotationId));
            return p.annotations.map((a) => <Shape key={a.id} g={a.geometry} color={disputed.has(a.id) ? DISAGREE : PERSON_COLORS[i % PERSON_COLORS.length]} dashed={disputed.has(a.id)} width={2} />);
          })}
          {quality.objects.map((o) => <Shape key={o.id} g={o.geometry as Geometry} color={CONSENSUS} width={3} />)}
        </svg>
      </div>
      <figcaption><Typography.Text type="secondary">{t('quality.consensus.legend')}</Typography.Text></figcaption>
    </figure>
  );
}

function TextLayers({ quality }: { quality: AssetQuality }) {
  const { t } = useTranslation();
  const files = useAssetFiles(quality.assetId, true);
  const text = useSignedText(quality.assetId, files.data?.items.find((f) => f.kind === 'content')?.url);
  const quote = (g: Geometry) => (g.type === 'span' && text.data ? text.data.slice(g.start, g.end) : g.type === 'span' ? `${g.start}–${g.end}` : g.type);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="consensus-text">
      {quality.people.map((p, i) => {
        const disputed = new Map(p.disagreements.map((d) => [d.annotationId, d.kind]));
        return (
          <div key={p.user.id}>
            <Typography.Text strong style={{ color: PERSON_COLORS[i % PERSON_COLORS.length] }}>{p.user.name}</Typography.Text>{' '}
            {p.annotations.map((a) => (
              <Tag key={a.id} color={disputed.has(a.id) ? 'red' : undefined} title={disputed.has(a.id) ? t(`quality.consensus.kinds.${disputed.get(a.id)!}`) : undefined}>
                {a.labelId}: {quote(a.geometry)}
              </Tag>
            ))}
          </div>
        );
      })}
      <div>
        <Typography.Text strong style={{ color: CONSENSUS }}>{t('quality.consensus.consensusLayer')}</Typography.Text>{' '}
        {quality.objects.map((o) => <Tag key={o.id} color="green">{o.labelId}: {quote(o.geometry as Geometry)}</Tag>)}
      </div>
    </Space>
  );
}
