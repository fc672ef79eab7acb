import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { TransitionList } from './api';
import { StateTag } from './StateBar';

/** Every move of the task: to which state, by whom, when and why. */
export function TaskHistory({ transitions }: { transitions: TransitionList['items'] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={transitions.map((tr) => ({
        key: tr.at + tr.to,
        content: (
          <>
            <StateTag state={tr.to} /> {tr.actor && t('tasks.task.byWhom', { name: tr.actor.name })}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(tr.at).format('lll')} · {tr.reason}
              </Typography.Text>
            </div>
          </>
        ),
      }))}
    />
  );
}
