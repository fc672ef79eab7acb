import { memo, useEffect, useState } from 'react';
import { Button, Checkbox, Tag, Typography } from 'antd';
import { FileTextOutlined, MedicineBoxOutlined, PictureOutlined, RedoOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Asset } from '@tessera/contracts';

export const CELL_W = 176;
export const CELL_H = 212;
const STATUS_COLOR = { pending: 'processing', ready: 'success', failed: 'error', quarantined: 'warning' } as const;
/** A cell must stay on screen this long before its thumbnail is fetched, so a fast scroll past thousands fetches none of them. */
const THUMB_DELAY_MS = 120;

interface Props {
  asset: Asset;
  index: number;
  column: number;
  /** The one cell in the grid's tab order (roving tabindex). */
  focused: boolean;
  onOpen: (a: Asset) => void;
  onFocusCell: (i: number) => void;
  /** Absent when the viewer may not upload: no Retry button then. */
  onRetry?: (a: Asset) => void;
  retrying?: boolean;
  /** Present when assets can be chosen (to delete them, or retry the failed ones, at once): a check box, and Space. */
  onChoose?: (a: Asset) => void;
  chosen?: boolean;
}

export const AssetCell = memo(function AssetCell({ asset, index, column, focused, onOpen, onFocusCell, onRetry, retrying, onChoose, chosen }: Props) {
  const { t } = useTranslation();
  return (
    <div
      role="gridcell"
      aria-colindex={column + 1}
      data-index={index}
      data-testid="asset-cell"
      aria-selected={onChoose ? !!chosen : undefined}
      tabIndex={focused ? 0 : -1}
      className={`tessera-asset-cell asset-cell${chosen ? ' is-chosen' : ''}`}
      style={{ width: CELL_W - 12, height: CELL_H - 12 }}
      onClick={() => (onFocusCell(index), onOpen(asset))}
      onFocus={() => onFocusCell(index)}
      onKeyDown={(e) => {
        // Enter on the Retry button inside must not also open the drawer.
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          onOpen(asset);
        } else if (e.key === ' ' && onChoose) {
          e.preventDefault();
          onChoose(asset);
        }
      }}
    >
      {onChoose && (
        // The mouse's way to choose; the keyboard's is Space on the cell, which says whether it is chosen (aria-selected).
        <Checkbox className="asset-cell-choose" checked={!!chosen} tabIndex={-1} aria-label={t('assets.choose', { name: asset.name })}
          onClick={(e) => e.stopPropagation()} onChange={() => (onFocusCell(index), onChoose(asset))} data-testid="cell-choose" />
      )}
      <div className="tessera-asset-thumb">
        <Preview asset={asset} />
      </div>
      <Typography.Text ellipsis style={{ maxWidth: '100%' }}>{asset.name}</Typography.Text>
      <div className="asset-cell-foot">
        <Tag color={STATUS_COLOR[asset.status]} style={{ marginInlineEnd: 0 }}>{t(`assets.statuses.${asset.status}`)}</Tag>
        {asset.status === 'failed' && onRetry && (
          <Button
            size="small"
            icon={<RedoOutlined aria-hidden />}
            tabIndex={focused ? 0 : -1}
            loading={retrying}
            data-testid="cell-retry"
            onClick={(e) => (e.stopPropagation(), onRetry(asset))}
          >
            {t('assets.retry')}
          </Button>
        )}
      </div>
    </div>
  );
});

/** A cell not yet loaded: keeps the grid's geometry while its page is fetched. */
export function PlaceholderCell() {
  return <div className="tessera-asset-cell asset-cell is-placeholder" style={{ width: CELL_W - 12, height: CELL_H - 12 }} aria-hidden />;
}

function Preview({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  // The list brings each thumbnail as a signed URL the browser fetches (and caches) by itself.
  // Wait until the cell has stayed on screen a moment, so a fast scroll past thousands loads none.
  const [shown, setShown] = useState(false);
  const [broken, setBroken] = useState<string | null>(null);
  const url = asset.thumbnailUrl;
  useEffect(() => {
    if (!url) return;
    const timer = setTimeout(() => setShown(true), THUMB_DELAY_MS);
    return () => clearTimeout(timer);
  }, [url]);
  if (asset.status === 'failed') {
    return (
      <Typography.Paragraph type="danger" className="tessera-asset-error" ellipsis={{ rows: 4, tooltip: asset.error }}>
        {/* The translated reason; the tooltip keeps the detail (sizes, line numbers, the decoder's words). */}
        <WarningOutlined aria-hidden /> {asset.errorCode ? t(`assets.errorCodes.${asset.errorCode}`) : (asset.error ?? t('assets.statuses.failed'))}
      </Typography.Paragraph>
    );
  }
  // A URL that failed (expired in a page kept too long) falls back to the icon until the page refetch signs a new one.
  if (url && shown && broken !== url) return <img src={url} alt="" decoding="async" onError={() => setBroken(url)} />;
  if (asset.kind === 'text' && asset.preview) return <Typography.Paragraph className="tessera-asset-text" ellipsis={{ rows: 5 }}>{asset.preview}</Typography.Paragraph>;
  const Icon = asset.kind === 'dicom' ? MedicineBoxOutlined : asset.kind === 'text' ? FileTextOutlined : PictureOutlined;
  return <Icon aria-hidden style={{ fontSize: 36, opacity: 0.4 }} />;
}
