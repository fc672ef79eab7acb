import { useMemo } from 'react';
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '@tessera/contracts';
import { useTaskQuality } from './api';

/**
 * What the quality checks found in handed-in work: the rule findings, and —
 * to managers, and to the annotator where the project shows gold feedback —
 * where it differed from the reference.
 */
export function TaskQualityPanel({ taskId, labels: list }: { taskId: string; labels: readonly Label[] }) {
  const { t } = useTranslation();
  const labels = useMemo(() => new Map(list.map((l) => [l.id, l])), [list]);
  const q = useTaskQuality(taskId);
  if (!q.data) return <Typography.Text type="secondary">{t('quality.feedback.pending')}</Typography.Text>;
  const name = (id: string) => labels.get(id)?.name ?? id;
  const { rules, gold } = q.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <section data-testid="rule-findings" aria-label={t('quality.feedback.rules')}>
        {rules?.findings.length ? (
          <List size="small" dataSource={rules.findings} renderItem={(f) => (
            <List.Item><Tag color={f.severity === 'error' ? 'red' : 'gold'}>{f.kind}</Tag> {f.message}</List.Item>
          )} />
        ) : <Typography.Text type="secondary">{rules ? t('quality.feedback.noRules') : t('quality.feedback.pending')}</Typography.Text>}
      </section>
      {gold && (
        <section data-testid="gold-feedback" aria-label={t('quality.feedback.title')}>
          <Typography.Text strong>{t('quality.feedback.title')}</Typography.Text>
          <Typography.Paragraph>{t('quality.feedback.score', { correct: gold.correct, trials: gold.trials })}</Typography.Paragraph>
          {gold.findings.length ? (
            <List size="small" dataSource={gold.findings} renderItem={(f) => (
              <List.Item>
                <Tag color="red">{t(`quality.consensus.kinds.${f.kind}`)}</Tag>
                {name(f.labelId)}{f.otherLabelId ? ` → ${name(f.otherLabelId)}` : ''}{f.attribute ? ` · ${f.attribute}` : ''}
              </List.Item>
            )} />
          ) : <Typography.Text type="success">{t('quality.feedback.none')}</Typography.Text>}
        </section>
      )}
    </Space>
  );
}
