import { useState } from 'react';
import { Flex, Switch, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Asset } from '@tessera/contracts';
import { describeError } from '../api/ErrorAlert';
import { setGold } from './api';
import { useMessage } from '../shell/icon-labels';

type AssetPageLike = { items: Asset[] };

/**
 * Marks an asset as gold (its accepted answer measures annotators). It starts
 * from the asset's own `gold`; after a change the cached asset lists and the
 * cached asset say so too, so the grid and the next opening of the drawer agree.
 */
export function GoldSwitch({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const message = useMessage();
  const qc = useQueryClient();
  const [gold, setLocal] = useState<boolean>(asset.gold);
  const save = useMutation({
    mutationFn: (next: boolean) => setGold(asset.id, next),
    onSuccess: (r) => {
      setLocal(r.gold);
      const mark = (a: Asset) => (a.id === r.assetId ? { ...a, gold: r.gold } : a);
      qc.setQueriesData<AssetPageLike>({ queryKey: ['assets', asset.projectId] }, (page) =>
        page && Array.isArray(page.items) ? { ...page, items: page.items.map(mark) } : page,
      );
      qc.setQueryData<Asset>(['asset', r.assetId], (a) => (a ? mark(a) : a));
      void message.success(r.gold ? t('tasks.gold.on') : t('tasks.gold.off'));
    },
    onError: (e) => {
      const d = describeError(e, t);
      void message.error(d.detail ?? d.title);
    },
  });
  return (
    <Flex gap={10} align="start">
      <Switch id={`gold-${asset.id}`} checked={gold} loading={save.isPending} onChange={(v) => save.mutate(v)} data-testid="gold-switch" />
      <div>
        <label htmlFor={`gold-${asset.id}`}>{t('tasks.gold.label')}</label>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tasks.gold.hint')}
          </Typography.Text>
        </div>
      </div>
    </Flex>
  );
}
