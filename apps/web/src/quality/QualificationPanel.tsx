import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Project, assetList } from '@tessera/contracts';
import type { z } from 'zod';
import { http } from '../api/client';
import { describeError } from '../api/ErrorAlert';
import { useQualification, useQualificationMutations } from './api';
import { pct } from './format';
import { useMessage } from '../shell/icon-labels';

/** A manager chooses the qualification set among the project's gold assets; its pass mark and attempts are workflow settings. */
export function QualificationSet({ project }: { project: Project }) {
  const { t } = useTranslation();
  const message = useMessage();
  const status = useQualification(project.id);
  const { setItems } = useQualificationMutations(project.id);
  const assets = useQuery({
    queryKey: ['quality', 'gold-assets', project.id],
    queryFn: () => http.get<z.infer<typeof assetList>>(`/projects/${project.id}/assets?status=ready&limit=500`),
  });
  const gold = (assets.data?.items ?? []).filter((a) => a.gold);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => setChosen(status.data?.assetIds ?? []), [status.data?.assetIds]);
  return (
    <Card size="small" title={t('quality.qualification.items')} data-testid="qualification-set">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('quality.qualification.itemsHint')}</Typography.Text>
        {!assets.isPending && !gold.length ? <Alert type="info" showIcon message={t('quality.qualification.noGold')} /> : (
          <Select mode="multiple" style={{ width: '100%' }} value={chosen} onChange={setChosen} loading={assets.isPending}
            aria-label={t('quality.qualification.items')} options={gold.map((a) => ({ value: a.id, label: a.name }))} />
        )}
        <Button type="primary" disabled={!gold.length} loading={setItems.isPending}
          onClick={() => setItems.mutate(chosen, { onSuccess: () => message.success(t('common.saved')), onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) })}>
          {t('quality.qualification.save')}
        </Button>
      </Space>
    </Card>
  );
}

/** Where an annotator stands with a project's qualification, and the way to take it. Nothing when none is asked. */
export function QualificationPrompt({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const message = useMessage();
  const status = useQualification(projectId);
  const { attempt } = useQualificationMutations(projectId);
  const s = status.data;
  if (!s?.required) return null;
  const last = s.me.attempts[0];
  if (s.me.passed) return <Alert type="success" showIcon message={t('quality.qualification.passed', { score: pct(s.me.attempts.find((a) => a.state === 'passed')?.score) })} />;
  if (last?.state === 'open') return <Alert type="info" showIcon message={t('quality.qualification.scoring')} data-testid="qualification-open" />;
  return (
    <Alert type="warning" showIcon data-testid="qualification-prompt" message={t('quality.qualification.required')}
      description={
        <Space orientation="vertical">
          {last?.state === 'failed' && <span>{t('quality.qualification.failed', { score: pct(last.score), mark: pct(s.passMark) })}</span>}
          {s.maxAttempts > 0 && <span>{t('quality.qualification.attempts', { used: s.me.attempts.length, max: s.maxAttempts })}</span>}
        </Space>
      }
      action={s.me.canAttempt && (
        <Button type="primary" loading={attempt.isPending} onClick={() => attempt.mutate(undefined, { onError: (e) => message.error(describeError(e, t).detail ?? describeError(e, t).title) })}>
          {t('quality.qualification.take')}
        </Button>
      )} />
  );
}
