import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, ClockCircleOutlined, CloseOutlined, ForwardOutlined, SendOutlined, StepForwardOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { z } from 'zod';
import { ruleIssue, TASK_PAGE_KEYS, type Asset, type Project, type Task } from '@tessera/contracts';
import { pinsOf, threadsOf, useShortcuts, type EditorPanel, type PinPoint, type Shortcut } from '@tessera/web/editor-ui';
import { ApiError } from '../api/client';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { useSession } from '../auth/session-store';
import { useProject } from '../projects/api';
import { AnnotationEditor, type LiveSet } from '../annotations/AnnotationEditor';
import { editorAssetQuery } from '../annotations/asset-query';
import { taskKeys, useComments, useTask, useTaskActions, useTransitions } from './api';
import { IssueList, type RuleIssue } from './IssueList';
import { RejectModal } from './RejectModal';
import { TaskComments } from './TaskComments';
import { TaskHistory } from './TaskHistory';
import { TaskQualityPanel } from '../quality/TaskQualityPanel';
import { useTakeNext } from './MyTasksPage';
import { StateTag } from './StateBar';
import { mmss, useCountdown, useLease } from './useLease';
import './tasks.css';
import { useMessage } from '../shell/icon-labels';
import { StatusImage } from '../shell/StatusPages';

const issuesOf = (err: unknown): RuleIssue[] => {
  if (!(err instanceof ApiError) || err.status !== 422) return [];
  const parsed = z.object({ errors: z.array(ruleIssue) }).safeParse(err.raw);
  return parsed.success ? parsed.data.errors : err.fieldErrors;
};

/** Route /tasks/:id: one task, with its asset in the editor, the comments, and what can be done next. */
export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const task = useTask(id);
  const project = useProject(task.data?.projectId);
  const asset = useQuery({ ...editorAssetQuery(task.data?.assetId ?? ''), enabled: !!task.data, staleTime: 60_000 });

  if (task.isPending || (task.data && (project.isPending || asset.isPending))) return <Skeleton />;
  if (task.isError) {
    const notFound = task.error instanceof ApiError && task.error.status === 404;
    return notFound ? <Result icon={<StatusImage status={404} />} title={t('errors.notFound')} extra={<Button onClick={() => navigate('/tasks')}>{t('tasks.task.back')}</Button>} /> : <ErrorAlert error={task.error} />;
  }
  if (project.isError || asset.isError) return <ErrorAlert error={project.error ?? asset.error} />;
  return <TaskWorkspace key={task.data.id} task={task.data} project={project.data!} asset={asset.data!} />;
}

function TaskWorkspace({ task, project, asset }: { task: Task; project: Project; asset: Asset }) {
  const { t } = useTranslation();
  const message = useMessage();
  const me = useSession((s) => s.user);
  const canComment = useCan('commentTasks');
  const actions = useTaskActions(task.id);
  const annotateTaskId = task.reviewOf ?? task.id;
  const comments = useComments(annotateTaskId);
  const transitions = useTransitions(task.id);
  const { take, pending: claiming } = useTakeNext();
  const qc = useQueryClient();
  // Handed in, skipped or lost elsewhere (another tab, a lapsed lease): the header and buttons follow at once.
  const reread = useCallback(() => {
    void qc.invalidateQueries({ queryKey: taskKeys.task(task.id) });
    void qc.invalidateQueries({ queryKey: taskKeys.transitions(task.id) });
  }, [qc, task.id]);

  const mine = !!me && task.assignee?.id === me.id;
  const working = mine && task.state === 'in_progress';
  const isReview = task.stage === 'review';
  // The editor works on the task's set; the server says who may change it. A review shows the work
  // read-only with its comment pins, and the assignee's own work is theirs to change only while in progress.
  const viewOnly = isReview || (mine && !working);
  // Managers may correct a task someone else is working on, live beside them.
  const correcting = useCan('correctAnyWork') && !isReview && !!task.assignee && ['assigned', 'in_progress'].includes(task.state);
  const { expiresAt, lost } = useLease(task.id, working, task.leaseExpiresAt);

  // Opening one's own assigned (or returned) task starts it: that is when the clock and the lease begin.
  // Only on opening: work that comes back while the page is open waits for "Start rework".
  const startable = mine && (task.state === 'assigned' || (task.state === 'rejected' && task.stage === 'annotate'));
  const start = () => actions.start.mutate(undefined, { onError: (e) => void message.error(describeError(e, t).detail ?? describeError(e, t).title) });
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    if (startable) start();
  }, []);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draftPoint, setDraftPoint] = useState<PinPoint | null>(null);
  const [warnings, setWarnings] = useState<RuleIssue[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const blocked = issuesOf(actions.submit.error);

  const threads = useMemo(() => threadsOf(comments.data?.items ?? []), [comments.data]);
  const pins = useMemo(() => pinsOf(threads, draftPoint), [threads, draftPoint]);

  const select = (id: string | null) => {
    setSelectedId(id);
    if (id) setDraftPoint(null);
  };
  const unpin = () => {
    setSelectedId(null);
    setDraftPoint(null);
  };
  const pinAt = canComment ? (p: PinPoint) => (setSelectedId(null), setDraftPoint(p)) : undefined;

  const fail = (e: unknown) => {
    const d = describeError(e, t);
    void message.error(d.detail ?? d.title);
  };
  const next = () => take(task.projectId, task.stage);
  const submit = () => {
    if (!working || isReview) return false;
    setWarnings([]);
    actions.submit.mutate(undefined, {
      onSuccess: (r) => {
        setWarnings(r.warnings);
        void message.success(r.warnings.length ? t('tasks.task.warnings') : t('tasks.task.submitted'));
      },
      onError: (e) => !issuesOf(e).length && fail(e),
    });
  };
  const skip = () => {
    if (!working || isReview) return false;
    actions.skip.mutate(undefined, { onSuccess: () => void message.info(t('tasks.task.skipped')), onError: fail });
  };
  const accept = () => {
    if (!working || !isReview) return false;
    actions.review.mutate({ decision: 'accept' }, { onSuccess: () => void message.success(t('tasks.task.accepted')), onError: fail });
  };

  // The task's keys (TASK_PAGE_KEYS): page scope, so no key inside the editor can take them.
  const group = t('tasks.keys.group');
  const shortcuts: Shortcut[] = [
    { id: 'task.complete', scope: 'page', keys: TASK_PAGE_KEYS.complete.keys, title: isReview ? t('tasks.keys.accept') : t('tasks.keys.submit'), group, run: () => (isReview ? accept() : submit()) },
    isReview
      ? { id: 'task.reject', scope: 'page', keys: TASK_PAGE_KEYS.reject.keys, title: t('tasks.keys.reject'), group, run: () => (working ? setRejecting(true) : false) }
      : { id: 'task.skip', scope: 'page', keys: TASK_PAGE_KEYS.skip.keys, title: t('tasks.keys.skip'), group, run: skip },
    { id: 'task.next', scope: 'page', keys: TASK_PAGE_KEYS.next.keys, title: t('tasks.keys.next'), group, run: next },
    { id: 'task.unpin', scope: 'page', keys: TASK_PAGE_KEYS.unpin.keys, title: t('tasks.keys.unpin'), group, run: () => (selectedId || draftPoint ? unpin() : false) },
  ];
  useShortcuts(shortcuts);

  // Work that came back from review (the round counts reworks; the history says so even before it moves on).
  const returned = !isReview && (task.state === 'rejected' || (task.state === 'in_progress' && (task.round > 0 || !!transitions.data?.items.some((tr) => tr.to === 'rejected'))));
  const done = task.state === 'submitted' || task.state === 'accepted' || (isReview && task.state === 'rejected');
  const busy = actions.submit.isPending || actions.skip.isPending || actions.review.isPending;

  const panels = (set: LiveSet): EditorPanel[] => [
    ...(blocked.length || warnings.length
      ? [
          {
            key: 'task.problems',
            open: true,
            testId: 'task-problems',
            title: blocked.length ? t('tasks.task.blocked') : t('tasks.task.warnings'),
            children: <IssueList intro={blocked.length ? t('tasks.task.blockedHint') : undefined} issues={blocked.length ? blocked : warnings} onPick={select} set={set} />,
          },
        ]
      : []),
    {
      key: 'task.comments',
      title: t('tasks.comments.title'),
      extra: threads.length > 0 && <Tag>{threads.length}</Tag>,
      children: (
        <TaskComments
          taskId={task.id}
          annotateTaskId={annotateTaskId}
          threads={threads}
          set={set}
          canComment={canComment}
          selectedId={selectedId}
          draftPoint={draftPoint}
          textAsset={asset.kind === 'text'}
          onUnpin={unpin}
          onFocus={select}
        />
      ),
    },
    ...(task.stage === 'annotate' && task.submittedAt
      ? [{ key: 'task.quality', testId: 'task-quality', title: t('quality.feedback.rules'), children: <TaskQualityPanel taskId={task.id} labels={project.labelSchema.labels} /> }]
      : []),
    { key: 'task.history', closed: true, title: t('tasks.task.history'), children: <TaskHistory transitions={transitions.data?.items ?? []} /> },
  ];

  const keyHints: [readonly string[], string][] = isReview
    ? [[TASK_PAGE_KEYS.complete.keys, t('tasks.keys.accept')], [TASK_PAGE_KEYS.reject.keys, t('tasks.keys.reject')], [TASK_PAGE_KEYS.next.keys, t('tasks.keys.next')]]
    : [[TASK_PAGE_KEYS.complete.keys, t('tasks.keys.submit')], [TASK_PAGE_KEYS.skip.keys, t('tasks.keys.skip')], [TASK_PAGE_KEYS.next.keys, t('tasks.keys.next')]];

  return (
    <div className="workspace">
      <header className="workspace-head">
        <div className="workspace-title">
          <Link to="/tasks" aria-label={t('tasks.task.back')}>
            <ArrowLeftOutlined aria-hidden /> {t('tasks.task.back')}
          </Link>
          <Typography.Title level={1}>{t('tasks.task.title', { stage: t(`tasks.stages.${task.stage}`), asset: task.assetName })}</Typography.Title>
          <Typography.Text type="secondary">{project.name}</Typography.Text>
          <StateTag state={task.state} />
          {task.round > 0 && <Tag>{t('tasks.roundN', { n: task.round })}</Tag>}
          {task.isGold && <Tag color="gold">{t('tasks.goldTag')}</Tag>}
        </div>
        <Space size={10} wrap className="task-keys" aria-label={t('tasks.task.shortcuts')} data-testid="shortcuts">
          <Typography.Text type="secondary">{t('tasks.task.shortcutsLead')}</Typography.Text>
          {keyHints.map(([keys, what]) => (
            <Typography.Text key={what} type="secondary">
              {keys[0].split('+').map((k, i) => (
                <span key={k}>
                  {i > 0 && '+'}
                  <kbd>{k}</kbd>
                </span>
              ))}{' '}
              {what}
            </Typography.Text>
          ))}
        </Space>
        <div className="workspace-actions">
          {working && expiresAt && <LeaseTag expiresAt={expiresAt} />}
          {isReview ? (
            <>
              <Button type="primary" icon={<CheckOutlined aria-hidden />} disabled={!working} loading={actions.review.isPending && actions.review.variables?.decision === 'accept'} onClick={accept} data-testid="accept">
                {t('tasks.task.accept')}
              </Button>
              <Button danger icon={<CloseOutlined aria-hidden />} disabled={!working || busy} onClick={() => setRejecting(true)} data-testid="reject">
                {t('tasks.task.reject')}
              </Button>
            </>
          ) : (
            <>
              <Button type="primary" icon={<SendOutlined aria-hidden />} disabled={!working} loading={actions.submit.isPending} onClick={submit} data-testid="submit">
                {t('tasks.task.submit')}
              </Button>
              <Button icon={<ForwardOutlined aria-hidden />} disabled={!working || busy} loading={actions.skip.isPending} onClick={skip} data-testid="skip">
                {t('tasks.task.skip')}
              </Button>
            </>
          )}
          <Button icon={<StepForwardOutlined aria-hidden />} loading={!!claiming} onClick={next} data-testid="next">
            {t('tasks.task.next')}
          </Button>
        </div>
      </header>

      <div className="workspace-alerts">
        {lost && <Alert type="warning" showIcon title={t('tasks.task.leaseLost')} />}
        {!mine && <Alert type="info" showIcon title={correcting ? t('tasks.task.correcting', { name: task.assignee?.name }) : t('tasks.task.readOnly')} />}
        {mine && done && <Alert type="success" showIcon title={t('tasks.task.doneState', { state: t(`tasks.states.${task.state}`) })} action={<Button size="small" onClick={next}>{t('tasks.task.next')}</Button>} />}
        {returned && (
          <Alert
            type="warning"
            showIcon
            title={t('tasks.task.rework')}
            data-testid="rework"
            action={startable && !actions.start.isPending ? <Button size="small" type="primary" onClick={start}>{t('tasks.task.startRework')}</Button> : undefined}
          />
        )}
        {blocked.length > 0 && <Alert type="error" showIcon role="alert" data-testid="submit-blocked" title={t('tasks.task.blocked')} description={t('tasks.task.blockedSee', { count: blocked.length })} />}
        {actions.start.error && <ErrorAlert error={actions.start.error} />}
      </div>

      <AnnotationEditor
        asset={asset}
        project={project}
        taskId={annotateTaskId}
        viewOnly={viewOnly}
        pins={pins}
        focusId={selectedId}
        onSelect={select}
        onPoint={pinAt}
        panels={panels}
        onRightsChange={reread}
      />
      {rejecting && (
        <RejectModal
          pending={actions.review.isPending}
          error={actions.review.error}
          openComments={threads.filter((th) => !th.root.resolvedAt).length}
          onCancel={() => setRejecting(false)}
          onReject={(comment) =>
            actions.review.mutate(
              { decision: 'reject', comment },
              {
                onSuccess: () => {
                  setRejecting(false);
                  void message.success(t('tasks.task.rejected'));
                },
              },
            )
          }
        />
      )}
    </div>
  );
}

/** The lease's countdown, in a component of its own: its tick each second re-renders this tag, not the editor. */
function LeaseTag({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  const left = useCountdown(expiresAt) ?? 0;
  return (
    <Tooltip title={dayjs(expiresAt).format('LTS')}>
      <Tag icon={<ClockCircleOutlined aria-hidden />} color={left < 120 ? 'warning' : 'default'} data-testid="lease">
        {t('tasks.task.lease', { time: mmss(left) })}
      </Tag>
    </Tooltip>
  );
}
