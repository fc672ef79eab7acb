import { useState } from 'react';
import { App, Flex, Switch, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Asset } from '@tessera/contracts';
import { describeError } from '../api/ErrorAlert';
import { setGold } from './api';

/**
 * Marks an asset as gold (its accepted answer measures annotators). The asset
 * contract does not say yet whether an asset is gold, so the switch starts from
 * `gold` when the server sends it and from off otherwise.
 */
export function GoldSwitch({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [gold, setLocal] = useState<boolean>(!!(asset as Asset & { gold?: boolean }).gold);
  const save = useMutation({
    mutationFn: (next: boolean) => setGold(asset.id, next),
    onSuccess: (r) => {
      setLocal(r.gold);
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
