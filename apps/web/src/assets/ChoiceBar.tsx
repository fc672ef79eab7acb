import { useState } from 'react';
import { Button, Checkbox, Space, Typography } from 'antd';
import { PlusOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Project } from '@tessera/contracts';
import { ApiError } from '../api/client';
import { DeleteButton } from '../shell/DeleteButton';
import { useDeleteAssets, useRetryAssets } from './api';
import type { AssetChoice } from './asset-choice';
import { CreateBatchModal, type ChosenAssets } from '../tasks/CreateBatchModal';

interface Props {
  project: Project;
  choice: AssetChoice;
  /** How many assets the filters match. */
  total: number;
  canDelete: boolean;
  /** The viewer may make batches, and the project takes them. */
  canBatch: boolean;
  /** Present when the viewer may retry and the project has failed assets: the run to follow. */
  onRetryRun?: (runId: string) => void;
}

/**
 * Choosing assets in the grid and acting on them at once (a batch of them, deleting them, retrying the failed
 * ones): "choose all" takes every asset the filters match, loaded in the grid or not. A choice the server finds
 * changed for a delete (data added or deleted meanwhile) is dropped, to be made again.
 */
export function ChoiceBar({ project, choice, total, canDelete, canBatch, onRetryRun }: Props) {
  const { t } = useTranslation();
  const projectId = project.id;
  const [batching, setBatching] = useState<ChosenAssets | null>(null);
  const remove = useDeleteAssets(projectId);
  const retry = useRetryAssets(projectId, (runId) => (choice.clear(), onRetryRun?.(runId)));
  const { count } = choice;
  return (
    <Space wrap data-testid="choice-bar">
      <Checkbox checked={choice.whole && total > 0} indeterminate={count > 0 && !choice.whole} disabled={!total} data-testid="choose-all"
        onChange={() => (count ? choice.clear() : choice.chooseAll())} title={t('assets.chooseHint')}>
        {t('assets.chooseAll', { count: total })}
      </Checkbox>
      {count > 0 && (
        <>
          <Typography.Text role="status" data-testid="chosen-count">{t('assets.chosen', { count })}</Typography.Text>
          {canBatch && (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setBatching({ selection: forBatch(choice.asked()), count })} data-testid="batch-chosen">
              {t('assets.batchChosen')}
            </Button>
          )}
          {onRetryRun && (
            <Button icon={<RedoOutlined aria-hidden />} loading={retry.isPending} onClick={() => retry.mutate(choice.asked())} data-testid="retry-chosen">
              {t('assets.retryChosen')}
            </Button>
          )}
          {canDelete && <DeleteButton title={t('assets.deleteChosenConfirm', { count })} consequence={t('assets.deleteChosenConsequence')} label={t('assets.deleteChosen')}
            loading={remove.isPending} testId="delete-chosen"
            onConfirm={() => remove.mutateAsync(choice.deletion()).then(choice.clear, (e: unknown) => {
              if (e instanceof ApiError && e.problem.code === 'selection_changed') choice.clear();
            })} />}
        </>
      )}
      {batching && <CreateBatchModal project={project} chosen={batching} onClose={() => setBatching(null)} />}
    </Space>
  );
}

/** The grid's choice as a batch's selection: the same assets, in the batch's words. */
const forBatch = (c: ReturnType<AssetChoice['asked']>): ChosenAssets['selection'] =>
  c.ids ? { assetIds: c.ids } : { filter: c.matching ?? {}, ...(c.except ? { except: c.except } : {}) };
