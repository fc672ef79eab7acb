import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Flex, Select, Typography } from 'antd';
import { RobotOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EditorPanel } from '@tessera/web/editor-ui';
import { errorLine } from '../api/ErrorAlert';
import { useJobRun } from '../jobs/api';
import { RunError } from '../jobs/RunError';
import { useAutoAnnotate, useProjectModels } from './api';
import { useMessage } from '../shell/icon-labels';

interface Target {
  assetId: string;
  projectId: string;
  /** The task open in the editor; without one, the asset's own set. */
  taskId?: string;
}

/**
 * The editor's *Auto-annotate this asset* section: one of the project's enabled
 * models runs on the open asset as a background job, and its predictions
 * arrive live in the editor's Predictions section, to accept or reject. Shown
 * only to someone who may edit here, in a project with a model enabled.
 */
export function useAutoAnnotatePanel(target: Target, editable: boolean): EditorPanel | null {
  const { t } = useTranslation();
  const message = useMessage();
  const items = useProjectModels(target.projectId, editable).data?.items;
  const { mutate, isPending } = useAutoAnnotate(target);
  const [modelId, setModelId] = useState<string>();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useJobRun(runId).data;
  const chosen = modelId ?? items?.[0]?.id;
  useEffect(() => setRunId(null), [target.assetId, target.taskId]);

  // Made again only when what it shows changes: the host's panels, and the editor with them, render on a new one.
  return useMemo(() => {
    if (!editable || !items?.length) return null;
    const moving = run && (run.state === 'queued' || run.state === 'running');
    const go = () =>
      chosen &&
      mutate(
        { modelId: chosen },
        {
          onSuccess: (r) => setRunId(r.id),
          onError: (e) => message.error(errorLine(e, t)),
        },
      );
    return {
      key: 'auto-annotate',
      title: t('models.autoTitle'),
      children: (
        <Flex vertical gap={8} data-testid="auto-annotate-panel">
          <Select
            aria-label={t('models.model')}
            value={chosen}
            onChange={setModelId}
            data-testid="auto-annotate-model"
            options={items.map((m) => ({ value: m.id, label: `${m.name} · ${m.version}` }))}
          />
          <Button icon={<RobotOutlined aria-hidden />} onClick={go} loading={isPending || !!moving} disabled={!chosen} data-testid="auto-annotate">
            {t('models.autoRun')}
          </Button>
          {moving && <Typography.Text type="secondary">{t('models.autoRunning')}</Typography.Text>}
          {run?.state === 'succeeded' && !run.errors.length && (
            <Typography.Text type="success" data-testid="auto-annotate-done">
              {t('models.autoDone')}
            </Typography.Text>
          )}
          {run && (run.state === 'failed' || (run.state === 'succeeded' && run.errors.length > 0)) && (
            <Alert type={run.state === 'failed' ? 'error' : 'warning'} showIcon title={t('models.autoFailed')} description={run.errors[0] && <RunError error={run.errors[0]} />} />
          )}
        </Flex>
      ),
    };
  }, [editable, items, chosen, run, isPending, mutate, message, t]);
}
