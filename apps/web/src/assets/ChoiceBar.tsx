import { Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { DeleteButton } from '../shell/DeleteButton';
import { useDeleteAssets } from './api';
import type { AssetChoice } from './asset-choice';

/**
 * Choosing assets in the grid and deleting them at once: "choose all" takes every asset the filters match, loaded
 * in the grid or not. A choice the server finds changed (data added or deleted meanwhile) is dropped, to be made again.
 */
export function ChoiceBar({ projectId, choice, total }: { projectId: string; choice: AssetChoice; total: number }) {
  const { t } = useTranslation();
  const remove = useDeleteAssets(projectId);
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
          <DeleteButton title={t('assets.deleteChosenConfirm', { count })} consequence={t('assets.deleteChosenConsequence')} label={t('assets.deleteChosen')}
            loading={remove.isPending} testId="delete-chosen"
            onConfirm={() => remove.mutateAsync(choice.deletion()).then(choice.clear, (e: unknown) => {
              if (e instanceof ApiError && e.problem.code === 'selection_changed') choice.clear();
            })} />
        </>
      )}
    </Space>
  );
}
