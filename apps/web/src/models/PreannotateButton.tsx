import { useState } from 'react';
import { Button, Modal, Select, Typography } from 'antd';
import { RobotOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorLine } from '../api/ErrorAlert';
import { useModels, usePreannotate } from './api';
import { useMessage } from '../shell/icon-labels';

/** *Pre-annotate* a batch (or the whole project) with one of the models enabled in the project; the run shows on the Job runs page. */
export function PreannotateButton({ projectId, batchId, label }: { projectId: string; batchId?: string; label: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [open, setOpen] = useState(false);
  const [modelId, setModelId] = useState<string | undefined>();
  const models = useModels();
  const start = usePreannotate(projectId);
  const enabled = (models.data?.items ?? []).filter((m) => m.projectIds.includes(projectId));
  const run = () =>
    modelId &&
    start.mutate(
      { modelId, selection: batchId ? { batchId } : {} },
      {
        onSuccess: () => {
          message.success(t('models.preannotateStarted'));
          setOpen(false);
        },
        onError: (e) => message.error(errorLine(e, t)),
      },
    );
  return (
    <>
      <Button size="small" icon={<RobotOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="preannotate">
        {t('models.preannotate')}
      </Button>
      <Modal
        open={open}
        title={t('models.preannotateTitle', { name: label })}
        okText={t('models.preannotateRun')}
        cancelText={t('common.cancel')}
        onOk={run}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !modelId, 'data-testid': 'preannotate-ok' } as never}
        confirmLoading={start.isPending}
      >
        {enabled.length ? (
          <Select
            style={{ width: '100%' }}
            aria-label={t('models.model')}
            placeholder={t('models.model')}
            value={modelId}
            onChange={setModelId}
            data-testid="preannotate-model"
            options={enabled.map((m) => ({ value: m.id, label: `${m.name} · ${m.version}` }))}
          />
        ) : (
          <Typography.Text type="secondary">{t('models.noneEnabled')}</Typography.Text>
        )}
      </Modal>
    </>
  );
}
