import { useState } from 'react';
import { Button, type ButtonProps, Empty, Flex, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { TASK_STATES, type Batch, type Project, type Task, type TaskState } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { useProjectMembers } from '../projects/api';
import { useBatches, useBatchMutations, useTasks, type AssignResult } from './api';
import { CreateBatchModal } from './CreateBatchModal';
import { StateBar, StateTag } from './StateBar';
import { PreannotateButton } from '../models/PreannotateButton';
import { pages, useMessage } from '../shell/icon-labels';

type AssignTarget = { batch: Batch; taskIds?: string[] };

/** The project's batches (managers make and assign them; reviewers and auditors read them). */
export function BatchesTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const canManage = useCan('manageBatches') && project.status === 'active';
  const canPreannotate = useCan('manageModels');
  const batches = useBatches(project.id);
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<AssignTarget | null>(null);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {canManage && (
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} data-testid="new-batch">
          {t('tasks.batches.create')}
        </Button>
      )}
      <ErrorAlert error={batches.error} />
      <Table<Batch>
        rowKey="id"
        data-testid="batch-table"
        loading={batches.isPending}
        dataSource={batches.data?.items ?? []}
        pagination={false}
        // Its progress bars and actions take room: a narrow window scrolls the table (its actions stay in view) rather than wrap names letter by letter.
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('tasks.batches.empty')} /> }}
        expandable={{ expandedRowRender: (b) => <BatchTasks batch={b} canManage={canManage} onAssign={(taskIds) => setAssigning({ batch: b, taskIds })} /> }}
        columns={[
          { key: 'name', title: t('tasks.batches.name'), render: (_, b) => <Typography.Text strong>{b.name}</Typography.Text> },
          { key: 'status', title: t('tasks.state'), render: (_, b) => <Tag color={b.status === 'completed' ? 'green' : 'blue'}>{t(`tasks.batches.statuses.${b.status}`)}</Tag> },
          { key: 'assets', title: t('tasks.batches.assets'), dataIndex: 'assetCount', align: 'right' },
          { key: 'overlap', title: t('tasks.batches.overlap'), dataIndex: 'overlap', align: 'right' },
          { key: 'progress', title: t('tasks.batches.progress'), render: (_, b) => <StateBar compact counts={b.progress} label={`${b.name} · ${t('tasks.batches.progress')}`} /> },
          { key: 'review', title: t('tasks.batches.reviewProgress'), render: (_, b) => <StateBar compact counts={b.reviewProgress} label={`${b.name} · ${t('tasks.batches.reviewProgress')}`} /> },
          { key: 'created', title: t('tasks.batches.createdAt'), render: (_, b) => dayjs(b.createdAt).format('lll') },
          ...(canManage
            ? [{
                key: 'actions',
                title: t('common.actions'),
                fixed: 'right' as const,
                render: (_: unknown, b: Batch) => (
                  <Space>
                    <Button size="small" icon={<UsergroupAddOutlined aria-hidden />} onClick={() => setAssigning({ batch: b })} data-testid="assign-batch">
                      {t('tasks.batches.assign')}
                    </Button>
                    {canPreannotate && <PreannotateButton projectId={project.id} batchId={b.id} label={b.name} />}
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      {creating && <CreateBatchModal project={project} onClose={() => setCreating(false)} />}
      {assigning && <AssignModal projectId={project.id} target={assigning} onClose={() => setAssigning(null)} />}
    </Space>
  );
}

/** One batch's tasks, for looking at who has what and picking tasks to assign by hand. */
function BatchTasks({ batch, canManage, onAssign }: { batch: Batch; canManage: boolean; onAssign: (taskIds: string[]) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<TaskState | 'all'>('all');
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const size = 50;
  const tasks = useTasks({ batchId: batch.id, ...(state !== 'all' ? { state } : {}), limit: size, offset: page * size });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} aria-label={t('tasks.batches.tasksOf', { name: batch.name })}>
      <Flex gap={8} align="center" wrap>
        <Select<TaskState | 'all'>
          value={state}
          onChange={(v) => (setState(v), setPage(0))}
          aria-label={t('tasks.batches.filterState')}
          style={{ width: 160 }}
          options={[{ value: 'all', label: t('tasks.batches.anyState') }, ...TASK_STATES.map((s) => ({ value: s, label: t(`tasks.states.${s}`) }))]}
        />
        {canManage && (
          <Button disabled={!selected.length} onClick={() => onAssign(selected)} data-testid="assign-selected">
            {t('tasks.batches.assignSelected', { count: selected.length })}
          </Button>
        )}
      </Flex>
      <ErrorAlert error={tasks.error} />
      <Table<Task>
        size="small"
        rowKey="id"
        data-testid="batch-tasks"
        loading={tasks.isFetching}
        dataSource={tasks.data?.items ?? []}
        rowSelection={canManage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true } : undefined}
        pagination={pages(t, { current: page + 1, pageSize: size, total: tasks.data?.total ?? 0, onChange: (p) => setPage(p - 1), showSizeChanger: false })}
        columns={[
          { key: 'asset', title: t('tasks.asset'), render: (_, k) => <Link to={`/tasks/${k.id}`}>{k.assetName}</Link> },
          { key: 'stage', title: t('tasks.stage'), render: (_, k) => t(`tasks.stages.${k.stage}`) },
          { key: 'state', title: t('tasks.state'), render: (_, k) => <StateTag state={k.state} /> },
          { key: 'assignee', title: t('tasks.assignee'), render: (_, k) => k.assignee?.name ?? <Typography.Text type="secondary">{t('tasks.unassigned')}</Typography.Text> },
          { key: 'round', title: t('tasks.round'), dataIndex: 'round', align: 'right' },
          { key: 'gold', title: t('tasks.goldTag'), render: (_, k) => (k.isGold ? <Tag color="gold">{t('tasks.goldTag')}</Tag> : null) },
        ]}
      />
    </Space>
  );
}

type Mode = 'spread' | 'manual' | 'pool';

function AssignModal({ projectId, target, onClose }: { projectId: string; target: AssignTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const { assign } = useBatchMutations(projectId);
  const members = useProjectMembers(projectId);
  const annotators = (members.data?.items ?? []).filter((m) => m.role === 'annotator');
  const [mode, setMode] = useState<Mode>(target.taskIds?.length ? 'manual' : 'spread');
  const [people, setPeople] = useState<string[]>([]);
  const needsPeople = mode !== 'pool';
  const manualCount = target.taskIds?.length ?? 0;

  const submit = () => {
    const body =
      mode === 'pool' ? { mode } : mode === 'manual' ? { mode, taskIds: target.taskIds ?? [], userIds: people } : { mode, userIds: people };
    assign.mutate(
      { batchId: target.batch.id, body },
      {
        onSuccess: (r: AssignResult) => {
          message.success(t('tasks.assign.result', r));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('tasks.assign.title', { name: target.batch.name })}
      okText={t('tasks.assign.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: (needsPeople && !people.length) || (mode === 'manual' && !manualCount), 'data-testid': 'assign-ok' } as ButtonProps}
      confirmLoading={assign.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      data-testid="assign-modal"
    >
      <ErrorAlert error={assign.error} />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Segmented<Mode>
          value={mode}
          onChange={setMode}
          aria-label={t('tasks.assign.mode')}
          data-testid="assign-mode"
          options={[
            { value: 'spread', label: t('tasks.assign.spread') },
            { value: 'manual', label: t('tasks.assign.manual') },
            { value: 'pool', label: t('tasks.assign.pool') },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {mode === 'spread'
            ? t('tasks.assign.spreadHint')
            : mode === 'pool'
              ? t('tasks.assign.poolHint')
              : manualCount
                ? t('tasks.assign.manualHint', { count: manualCount })
                : t('tasks.assign.manualNone')}
        </Typography.Paragraph>
        {needsPeople && (
          <div>
            <label htmlFor="assign-people" style={{ display: 'block', marginBottom: 4 }}>
              {t('tasks.assign.people')}
            </label>
            <Select
              id="assign-people"
              mode="multiple"
              style={{ width: '100%' }}
              value={people}
              onChange={setPeople}
              loading={members.isPending}
              data-testid="assign-people"
              optionFilterProp="label"
              notFoundContent={t('tasks.assign.noAnnotators')}
              options={annotators.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('tasks.assign.peopleHint')}
            </Typography.Text>
          </div>
        )}
      </Space>
    </Modal>
  );
}
