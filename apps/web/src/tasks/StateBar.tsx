import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TASK_STATES, type TaskState } from '@tessera/contracts';

export const STATE_COLORS: Record<TaskState, string> = {
  queued: '#bfbfbf',
  assigned: '#91caff',
  // Dark enough that the state's name, written in its colour on a tint of it, reads at 4.5:1.
  in_progress: '#0958d9',
  submitted: '#ad4e00',
  accepted: '#237804',
  rejected: '#cf1322',
};

export function StateTag({ state }: { state: TaskState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} style={state === 'queued' || state === 'assigned' ? { color: 'rgba(0,0,0,.88)' } : undefined} data-testid="task-state">
      {t(`tasks.states.${state}`)}
    </Tag>
  );
}

/**
 * Counts by state as one segmented bar, with the numbers written out beside it:
 * the bar is for the eye, the text for screen readers and for reading exact figures.
 */
export function StateBar({ counts, label, compact }: { counts: Partial<Record<TaskState, number>>; label: string; compact?: boolean }) {
  const { t } = useTranslation();
  const total = TASK_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const present = TASK_STATES.filter((s) => (counts[s] ?? 0) > 0);
  const summary = present.map((s) => `${t(`tasks.states.${s}`)} ${counts[s]}`).join(', ') || t('tasks.nothing');
  return (
    <div style={{ minWidth: compact ? 160 : 240 }} data-testid="state-bar">
      <div
        role="img"
        aria-label={t('tasks.stateBar', { label, summary })}
        style={{ display: 'flex', height: compact ? 8 : 12, borderRadius: 6, overflow: 'hidden', background: '#f0f0f0' }}
      >
        {present.map((s) => (
          <Tooltip key={s} title={`${t(`tasks.states.${s}`)}: ${counts[s]}`}>
            <div style={{ width: `${((counts[s] ?? 0) / total) * 100}%`, background: STATE_COLORS[s] }} />
          </Tooltip>
        ))}
      </div>
      <Flex gap={10} wrap style={{ marginTop: 4 }} aria-hidden>
        {present.length === 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tasks.nothing')}
          </Typography.Text>
        )}
        {present.map((s) => (
          <Typography.Text key={s} style={{ fontSize: 12 }}>
            <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 2, background: STATE_COLORS[s], marginInlineEnd: 4 }} />
            {t(`tasks.states.${s}`)} {counts[s]}
          </Typography.Text>
        ))}
      </Flex>
    </div>
  );
}
