import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Empty, Tag, Typography } from 'antd';
import { FileTextOutlined, MedicineBoxOutlined, PictureOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Asset, AssetListQuery } from '@tessera/contracts';
import { PAGE_SIZE, thumbnailUrl, useAssetPage } from './api';

const CELL_W = 176;
const CELL_H = 200;
const HEIGHT = 560;
const OVERSCAN_ROWS = 2;
const STATUS_COLOR = { pending: 'processing', ready: 'success', failed: 'error', quarantined: 'warning' } as const;

type Filters = Omit<AssetListQuery, 'limit' | 'offset'>;

/**
 * A windowed grid: only the rows in view (and a couple either side) exist in
 * the DOM, and only their pages of the list are fetched, so 100,000 assets
 * cost what a few dozen do. Arrow keys move a single focused cell (roving
 * tabindex); Enter opens it.
 */
export function AssetGrid({ projectId, filters, onOpen }: { projectId: string; filters: Filters; onOpen: (a: Asset) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [scrollTop, setScrollTop] = useState(0);
  const [focused, setFocused] = useState(0);
  const first = useAssetPage(projectId, filters, 0);
  const total = first.data?.total ?? 0;
  const columns = Math.max(1, Math.floor(width / CELL_W));
  const rows = Math.ceil(total / columns);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => setFocused(0), [JSON.stringify(filters)]);

  const firstRow = Math.max(0, Math.floor(scrollTop / CELL_H) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows - 1, Math.ceil((scrollTop + HEIGHT) / CELL_H) + OVERSCAN_ROWS);
  const from = firstRow * columns;
  const to = Math.min(total - 1, (lastRow + 1) * columns - 1);
  const pages: number[] = [];
  for (let p = Math.floor(from / PAGE_SIZE); total > 0 && p <= Math.floor(to / PAGE_SIZE); p++) pages.push(p);

  const move = (index: number) => {
    const i = Math.max(0, Math.min(total - 1, index));
    setFocused(i);
    const el = box.current!;
    const top = Math.floor(i / columns) * CELL_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + CELL_H > el.scrollTop + HEIGHT) el.scrollTop = top + CELL_H - HEIGHT;
    // Focus follows once the cell is rendered.
    requestAnimationFrame(() => box.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus());
  };

  return (
    <div
      ref={box}
      role="grid"
      aria-label={t('assets.gridLabel')}
      aria-rowcount={rows}
      data-testid="asset-grid"
      style={{ height: HEIGHT, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={(e) => {
        const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -focused, End: total - 1 - focused }[e.key];
        if (step !== undefined) {
          e.preventDefault();
          move(focused + step);
        }
      }}
    >
      {first.isSuccess && total === 0 && <Empty description={t('assets.empty')} style={{ paddingTop: 80 }} />}
      <div style={{ height: rows * CELL_H, position: 'relative' }}>
        {pages.map((p) => (
          <PageCells key={p} projectId={projectId} filters={filters} page={p} from={from} to={to} columns={columns} focused={focused} onOpen={onOpen} onFocusCell={setFocused} />
        ))}
      </div>
    </div>
  );
}

function PageCells(props: { projectId: string; filters: Filters; page: number; from: number; to: number; columns: number; focused: number; onOpen: (a: Asset) => void; onFocusCell: (i: number) => void }) {
  const { data } = useAssetPage(props.projectId, props.filters, props.page);
  if (!data) return null;
  return (
    <>
      {data.items.map((a, k) => {
        const i = props.page * PAGE_SIZE + k;
        if (i < props.from || i > props.to) return null;
        return (
          <Cell key={a.id} asset={a} index={i} top={Math.floor(i / props.columns) * CELL_H} left={(i % props.columns) * CELL_W} focused={i === props.focused} onOpen={props.onOpen} onFocusCell={props.onFocusCell} />
        );
      })}
    </>
  );
}

const Cell = memo(function Cell({ asset, index, top, left, focused, onOpen, onFocusCell }: { asset: Asset; index: number; top: number; left: number; focused: boolean; onOpen: (a: Asset) => void; onFocusCell: (i: number) => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      role="gridcell"
      data-index={index}
      data-testid="asset-cell"
      tabIndex={focused ? 0 : -1}
      className="tessera-asset-cell"
      style={{ top, left, width: CELL_W - 12, height: CELL_H - 12 }}
      onClick={() => (onFocusCell(index), onOpen(asset))}
      onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), onOpen(asset))}
      aria-label={`${asset.name}, ${t(`assets.statuses.${asset.status}`)}`}
    >
      <div className="tessera-asset-thumb">
        <Preview asset={asset} />
      </div>
      <Typography.Text ellipsis style={{ maxWidth: '100%' }}>{asset.name}</Typography.Text>
      <Tag color={STATUS_COLOR[asset.status]} style={{ marginInlineEnd: 0 }}>{t(`assets.statuses.${asset.status}`)}</Tag>
    </button>
  );
});

function Preview({ asset }: { asset: Asset }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (asset.hasThumbnail) thumbnailUrl(asset.id).then((u) => live && setUrl(u), () => undefined);
    return () => {
      live = false;
    };
  }, [asset.id, asset.hasThumbnail]);
  if (asset.status === 'failed') return <Typography.Text type="danger" className="tessera-asset-error"><WarningOutlined /> {asset.error}</Typography.Text>;
  if (url) return <img src={url} alt="" />;
  if (asset.kind === 'text' && asset.preview) return <Typography.Paragraph className="tessera-asset-text" ellipsis={{ rows: 5 }}>{asset.preview}</Typography.Paragraph>;
  const Icon = asset.kind === 'dicom' ? MedicineBoxOutlined : asset.kind === 'text' ? FileTextOutlined : PictureOutlined;
  return <Icon style={{ fontSize: 36, opacity: 0.4 }} />;
}
