import { useState } from 'react';
import dayjs from 'dayjs';
import { Button, Progress, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { JobRun, JobState } from '@tessera/contracts';
import { describeError } from '../api/ErrorAlert';
import { downloadJobResult } from './api';
import { RunError } from './RunError';
import { useMessage } from '../shell/icon-labels';

const STATE_COLOR: Record<JobState, string> = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error', cancelled: 'warning' };

export function JobStateTag({ state }: { state: JobState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOR[state]}>{t(`jobs.states.${state}`)}</Tag>;
}

export function JobProgress({ run }: { run: JobRun }) {
  const { t } = useTranslation();
  const pct = Math.round(Math.min(1, Math.max(0, run.progress)) * 100);
  return (
    <Progress
      percent={pct}
      size="small"
      status={run.state === 'failed' ? 'exception' : run.state === 'succeeded' ? 'success' : 'normal'}
      aria-label={t('jobs.progressOf', { type: t(`jobs.types.${run.type}`) })}
    />
  );
}

/** The run's file to download, and until when it is kept; once that has passed, that it was deleted. */
export function DownloadButton({ run, type = 'default' }: { run: JobRun; type?: 'default' | 'primary' | 'link' }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [busy, setBusy] = useState(false);
  if (!run.result) return null;
  const { expiresAt } = run.result;
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
    return <Typography.Text type="secondary" data-testid="job-file-expired">{t('jobs.fileExpired', { when: dayjs(expiresAt).format('lll') })}</Typography.Text>;
  }
  const button = (
    <Button
      type={type}
      icon={<DownloadOutlined aria-hidden />}
      loading={busy}
      data-testid="job-download"
      onClick={async () => {
        setBusy(true);
        try {
          await downloadJobResult(run);
        } catch (err) {
          message.error(describeError(err, t).detail ?? describeError(err, t).title);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('jobs.download')} ({formatBytes(run.result.size)})
    </Button>
  );
  if (!expiresAt) return button;
  return (
    <Space size={4} wrap>
      {button}
      <Typography.Text type="secondary" data-testid="job-file-kept-until">{t('jobs.fileKeptUntil', { when: dayjs(expiresAt).format('lll') })}</Typography.Text>
    </Space>
  );
}

/** State, bar, counts, and the download once there is something to download. */
export function JobRunSummary({ run }: { run: JobRun }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} aria-live="polite">
      <Space>
        <JobStateTag state={run.state} />
        <Typography.Text type="secondary">
          {t('jobs.countsText', { processed: run.counts.processed, total: run.counts.total, failed: run.counts.failed })}
        </Typography.Text>
      </Space>
      <JobProgress run={run} />
      {run.errors.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20, color: '#cf1322' }}>
          {run.errors.slice(0, 5).map((e, i) => (
            <li key={i}>
              <RunError error={e} />
            </li>
          ))}
        </ul>
      )}
      {run.state === 'succeeded' && <DownloadButton run={run} type="primary" />}
    </Space>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
