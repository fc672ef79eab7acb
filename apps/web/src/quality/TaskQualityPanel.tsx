import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Label } from '@tessera/contracts';
import { useTaskQuality } from './api';

/**
 * What the quality checks found in handed-in work: the rule findings, and —
 * to managers, and to the annotator where the project shows gold feedback —
 * where it differed from the reference.
 */
export function TaskQualityPanel({ taskId, labels }: { taskId: string; labels: Map<string, Label> }) {
  const { t } = useTranslation();
  const q = useTaskQuality(taskId);
  if (!q.data) return <Card size="small" title={t('quality.feedback.rules')}><Typography.Text type="secondary">{t('quality.feedback.pending')}</Typography.Text></Card>;
  const name = (id: string) => labels.get(id)?.name ?? id;
  const { rules, gold } = q.data;
  return (
    <>
      <Card size="small" title={t('quality.feedback.rules')} data-testid="rule-findings">
        {rules?.findings.length ? (
          <List size="small" dataSource={rules.findings} renderItem={(f) => (
            <List.Item><Tag color={f.severity === 'error' ? 'red' : 'gold'}>{f.kind}</Tag> {f.message}</List.Item>
          )} />
        ) : <Typography.Text type="secondary">{rules ? t('quality.feedback.noRules') : t('quality.feedback.pending')}</Typography.Text>}
      </Card>
      {gold && (
        <Card size="small" title={t('quality.feedback.title')} data-testid="gold-feedback">
          <Typography.Paragraph>{t('quality.feedback.score', { correct: gold.correct, trials: gold.trials })}</Typography.Paragraph>
          {gold.findings.length ? (
            <List size="small" dataSource={gold.findings} renderItem={(f) => (
              <List.Item>
                <Tag color="red">{t(`quality.consensus.kinds.${f.kind}`)}</Tag>
                {name(f.labelId)}{f.otherLabelId ? ` → ${name(f.otherLabelId)}` : ''}{f.attribute ? ` · ${f.attribute}` : ''}
              </List.Item>
            )} />
          ) : <Typography.Text type="success">{t('quality.feedback.none')}</Typography.Text>}
        </Card>
      )}
    </>
  );
}
