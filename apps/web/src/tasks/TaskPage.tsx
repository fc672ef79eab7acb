import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, type ButtonProps, Card, Col, Collapse, Empty, Flex, Form, Input, List, Modal, Result, Row, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, ClockCircleOutlined, CloseOutlined, ForwardOutlined, SendOutlined, StepForwardOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { z } from 'zod';
import { ruleIssue, type Annotation, type Asset, type Label, type Project, type Task } from '@tessera/contracts';
import { ApiError, http } from '../api/client';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { useCan } from '../auth/permissions';
import { useSession } from '../auth/session-store';
import { useProject } from '../projects/api';
import { PageHeader } from '../shell/PageHeader';
import { useComments, useTask, useTaskActions, useTaskAnnotations, useTransitions } from './api';
import { AssetView, type Pin } from './AssetView';
import { SyncedImageEditor } from '../annotations/SyncedImageEditor';
import { CommentsPanel, threadsOf, type Thread } from './CommentsPanel';
import { TaskQualityPanel } from '../quality/TaskQualityPanel';
import { useTakeNext } from './MyTasksPage';
import { StateTag } from './StateBar';
import { mmss, useCountdown, useLease } from './useLease';
import './tasks.css';

type RuleIssue = z.infer<typeof ruleIssue>;
const issuesOf = (err: unknown): RuleIssue[] => {
  if (!(err instanceof ApiError) || err.status !== 422) return [];
  const parsed = z.object({ errors: z.array(ruleIssue) }).safeParse(err.raw);
  return parsed.success ? parsed.data.errors : err.fieldErrors;
};

/** Route /tasks/:id: one task, with its asset, its annotations, the comments, and what can be done next. */
export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const task = useTask(id);
  const project = useProject(task.data?.projectId);
  const asset = useQuery({
    queryKey: ['asset', task.data?.assetId],
    queryFn: () => http.get<Asset>(`/assets/${task.data?.assetId}`),
    enabled: !!task.data,
    staleTime: 60_000,
  });

  if (task.isPending || (task.data && (project.isPending || asset.isPending))) return <Skeleton active />;
  if (task.isError) {
    const notFound = task.error instanceof ApiError && task.error.status === 404;
    return notFound ? <Result status="404" title={t('errors.notFound')} extra={<Button onClick={() => navigate('/tasks')}>{t('tasks.task.back')}</Button>} /> : <ErrorAlert error={task.error} />;
  }
  if (project.isError || asset.isError) return <ErrorAlert error={project.error ?? asset.error} />;
  return <TaskWorkspace key={task.data.id} task={task.data} project={project.data!} asset={asset.data!} />;
}

function TaskWorkspace({ task, project, asset }: { task: Task; project: Project; asset: Asset }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession((s) => s.user);
  const canComment = useCan('commentTasks');
  const actions = useTaskActions(task.id);
  const annotations = useTaskAnnotations(task.id);
  const annotateTaskId = task.reviewOf ?? task.id;
  const comments = useComments(annotateTaskId);
  const transitions = useTransitions(task.id);
  const { take, pending: claiming } = useTakeNext();

  const mine = !!me && task.assignee?.id === me.id;
  const working = mine && task.state === 'in_progress';
  const isReview = task.stage === 'review';
  // Images open in the editor, live on the task's set; the server says who may change it. A review shows
  // the work read-only with its comment pins, and the assignee's own work is theirs to change only while in progress.
  const inEditor = asset.kind === 'image' && asset.status === 'ready';
  const viewOnly = isReview || (mine && !working);
  // Managers may correct an image task someone else is working on, live beside them.
  const correcting = useCan('correctAnyWork') && inEditor && !isReview && !!task.assignee && ['assigned', 'in_progress'].includes(task.state);
  const { expiresAt, lost } = useLease(task.id, working, task.leaseExpiresAt);
  const left = useCountdown(working ? expiresAt : null);

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
  const [draftPoint, setDraftPoint] = useState<{ x: number; y: number } | null>(null);
  const [warnings, setWarnings] = useState<RuleIssue[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const blocked = issuesOf(actions.submit.error);

  // The editor's live set once it has one; the REST snapshot before (and for what the editor does not show).
  const [live, setLive] = useState<readonly Annotation[] | null>(null);
  const items: readonly Annotation[] = live ?? annotations.data?.annotations ?? [];
  const byId = useMemo(() => new Map(items.map((a) => [a.id, a])), [items]);
  const labels = useMemo(() => new Map(project.labelSchema.labels.map((l) => [l.id, l])), [project.labelSchema]);
  const threads = useMemo(() => threadsOf(comments.data?.items ?? []), [comments.data]);
  const pins: Pin[] = threads.filter((th) => th.root.annotationId || th.root.point).map((th) => ({ n: th.n, annotationId: th.root.annotationId, point: th.root.point, resolved: !!th.root.resolvedAt }));

  const select = (id: string | null) => {
    setSelectedId(id);
    if (id) setDraftPoint(null);
  };
  const pinAt = canComment ? (p: { x: number; y: number }) => (setSelectedId(null), setDraftPoint(p)) : undefined;
  const focusThread = (th: Thread) => {
    if (th.root.annotationId) select(th.root.annotationId);
  };

  const fail = (e: unknown) => {
    const d = describeError(e, t);
    void message.error(d.detail ?? d.title);
  };
  const next = () => take(task.projectId, task.stage);
  const submit = () => {
    if (!working || isReview) return;
    setWarnings([]);
    actions.submit.mutate(undefined, {
      onSuccess: (r) => {
        setWarnings(r.warnings);
        void message.success(r.warnings.length ? t('tasks.task.warnings') : t('tasks.task.submitted'));
        void annotations.refetch();
      },
      onError: (e) => !issuesOf(e).length && fail(e),
    });
  };
  const skip = () => {
    if (!working || isReview) return;
    actions.skip.mutate(undefined, { onSuccess: () => void message.info(t('tasks.task.skipped')), onError: fail });
  };
  const accept = () => {
    if (!working || !isReview) return;
    actions.review.mutate({ decision: 'accept' }, { onSuccess: () => void message.success(t('tasks.task.accepted')), onError: fail });
  };

  // Shortcuts, for the page as a whole; typing in a field or a dialog keeps its keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.closest('input, textarea, select, [contenteditable="true"], .ant-modal') || e.altKey)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return e.preventDefault(), isReview ? accept() : submit();
      if (!e.shiftKey || e.ctrlKey || e.metaKey) {
        if (e.key === 'Escape') {
          select(null);
          setDraftPoint(null);
        }
        return;
      }
      const k = e.key.toLowerCase();
      if (k === 's' && !isReview) return e.preventDefault(), skip();
      if (k === 'r' && isReview && working) return e.preventDefault(), setRejecting(true);
      if (k === 'n') return e.preventDefault(), next();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // Work that came back from review (the round counts reworks; the history says so even before it moves on).
  const returned = !isReview && (task.state === 'rejected' || (task.state === 'in_progress' && (task.round > 0 || !!transitions.data?.items.some((tr) => tr.to === 'rejected'))));
  const done = task.state === 'submitted' || task.state === 'accepted' || (isReview && task.state === 'rejected');
  const busy = actions.submit.isPending || actions.skip.isPending || actions.review.isPending;

  const shortcuts: [string, string][] = isReview
    ? [['Ctrl+Enter', t('tasks.keys.accept')], ['Shift+R', t('tasks.keys.reject')], ['Shift+N', t('tasks.keys.next')]]
    : [['Ctrl+Enter', t('tasks.keys.submit')], ['Shift+S', t('tasks.keys.skip')], ['Shift+N', t('tasks.keys.next')]];

  return (
    <>
      <PageHeader
        title={t('tasks.task.title', { stage: t(`tasks.stages.${task.stage}`), asset: task.assetName })}
        sub={
          <Space size={6} wrap>
            <Link to="/tasks">
              <ArrowLeftOutlined aria-hidden /> {t('tasks.task.back')}
            </Link>
            <span>·</span>
            <span>{project.name}</span>
            <StateTag state={task.state} />
            {task.round > 0 && <Tag>{t('tasks.roundN', { n: task.round })}</Tag>}
            {task.isGold && <Tag color="gold">{t('tasks.goldTag')}</Tag>}
          </Space>
        }
        extra={
          <>
            {working && left !== null && (
              <Tooltip title={expiresAt ? dayjs(expiresAt).format('LTS') : undefined}>
                <Tag icon={<ClockCircleOutlined />} color={left < 120 ? 'warning' : 'default'} data-testid="lease" style={{ alignSelf: 'center' }}>
                  {t('tasks.task.lease', { time: mmss(left) })}
                </Tag>
              </Tooltip>
            )}
            {isReview ? (
              <>
                <Button type="primary" icon={<CheckOutlined />} disabled={!working} loading={actions.review.isPending && actions.review.variables?.decision === 'accept'} onClick={accept} data-testid="accept">
                  {t('tasks.task.accept')}
                </Button>
                <Button danger icon={<CloseOutlined />} disabled={!working || busy} onClick={() => setRejecting(true)} data-testid="reject">
                  {t('tasks.task.reject')}
                </Button>
              </>
            ) : (
              <>
                <Button type="primary" icon={<SendOutlined />} disabled={!working} loading={actions.submit.isPending} onClick={submit} data-testid="submit">
                  {t('tasks.task.submit')}
                </Button>
                <Button icon={<ForwardOutlined />} disabled={!working || busy} loading={actions.skip.isPending} onClick={skip} data-testid="skip">
                  {t('tasks.task.skip')}
                </Button>
              </>
            )}
            <Button icon={<StepForwardOutlined />} loading={!!claiming} onClick={next} data-testid="next">
              {t('tasks.task.next')}
            </Button>
          </>
        }
      />

      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }} aria-label={t('tasks.task.shortcuts')} data-testid="shortcuts">
        <Typography.Text type="secondary">{t('tasks.task.shortcutsLead')}</Typography.Text>
        {shortcuts.map(([keys, what]) => (
          <Typography.Text key={keys} type="secondary">
            {keys.split('+').map((k, i) => (
              <span key={k}>
                {i > 0 && '+'}
                <kbd>{k}</kbd>
              </span>
            ))}{' '}
            {what}
          </Typography.Text>
        ))}
      </Flex>

      <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
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
        {blocked.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="submit-blocked"
            title={t('tasks.task.blocked')}
            description={<IssueList intro={t('tasks.task.blockedHint')} issues={blocked} onPick={select} labels={labels} annotations={byId} />}
          />
        )}
        {warnings.length > 0 && (
          <Alert type="warning" showIcon closable onClose={() => setWarnings([])} data-testid="submit-warnings" title={t('tasks.task.warnings')} description={<IssueList issues={warnings} onPick={select} labels={labels} annotations={byId} />} />
        )}
        {actions.start.error && <ErrorAlert error={actions.start.error} />}
        {asset.kind === 'dicom' && <Typography.Text type="secondary">{t('tasks.task.editorLater')}</Typography.Text>}
      </Space>

      {/* The editor has its own object panel: the canvas gets the wider share. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={inEditor ? 18 : 16}>
          <Card size="small" styles={{ body: { overflow: 'auto' } }}>
            <ErrorAlert error={annotations.error} />
            {inEditor ? (
              <SyncedImageEditor
                asset={asset}
                taskId={annotateTaskId}
                labels={project.labelSchema.labels}
                schemaVersion={project.schemaVersion}
                viewOnly={viewOnly}
                pins={pins}
                focusId={selectedId}
                onSelect={select}
                draftPoint={draftPoint}
                onPoint={pinAt}
                onAnnotations={setLive}
              />
            ) : (
              <AssetView
                asset={asset}
                annotations={items}
                labels={labels}
                pins={pins}
                draftPoint={draftPoint}
                selectedId={selectedId}
                onSelect={select}
                onPoint={pinAt}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={inEditor ? 6 : 8}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card size="small" title={t('tasks.comments.title')}>
              <CommentsPanel
                taskId={task.id}
                annotateTaskId={annotateTaskId}
                threads={threads}
                annotations={byId}
                labels={labels}
                canComment={canComment}
                selectedId={selectedId}
                draftPoint={draftPoint}
                textAsset={asset.kind === 'text'}
                onUnpin={() => (setSelectedId(null), setDraftPoint(null))}
                onFocusThread={focusThread}
              />
            </Card>
            {task.stage === 'annotate' && task.submittedAt && <TaskQualityPanel taskId={task.id} labels={labels} />}
            <Card size="small" title={`${t('tasks.task.legend')} · ${t('tasks.task.annotations', { count: items.length })}`}>
              <Legend labels={project.labelSchema.labels} annotations={items} selectedId={selectedId} onSelect={select} />
            </Card>
            <Collapse
              size="small"
              items={[
                {
                  key: 'history',
                  label: t('tasks.task.history'),
                  children: (
                    <Timeline
                      items={(transitions.data?.items ?? []).map((tr) => ({
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
                  ),
                },
              ]}
            />
          </Space>
        </Col>
      </Row>
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
    </>
  );
}

function IssueList({ intro, issues, onPick, labels, annotations }: { intro?: string; issues: RuleIssue[]; onPick: (id: string) => void; labels: Map<string, Label>; annotations: Map<string, Annotation> }) {
  return (
    <>
      {intro && <div>{intro}</div>}
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {issues.map((i, n) => {
          const a = i.annotationId ? annotations.get(i.annotationId) : undefined;
          return (
            <li key={n}>
              {a ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onPick(a.id)}>
                  {labels.get(a.labelId)?.name ?? a.labelId}
                </Button>
              ) : (
                i.path && <code>{i.path}</code>
              )}
              {a || i.path ? ': ' : ''}
              {i.message}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The schema's labels with their colours and hotkeys, each with how many annotations use it; the annotations can be picked from here by keyboard. */
function Legend({ labels, annotations, selectedId, onSelect }: { labels: Label[]; annotations: readonly Annotation[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  if (!labels.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      size="small"
      data-testid="legend"
      dataSource={labels}
      renderItem={(l) => {
        const mine = annotations.filter((a) => a.labelId === l.id);
        return (
          <List.Item style={{ display: 'block' }}>
            <Flex gap={8} align="center">
              <span className="tessera-swatch" style={{ background: l.color }} aria-hidden />
              <Typography.Text strong>{l.name}</Typography.Text>
              {l.hotkey && <kbd>{l.hotkey}</kbd>}
              <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
                {mine.length}
              </Typography.Text>
            </Flex>
            {mine.length > 0 && (
              <Flex gap={4} wrap style={{ marginTop: 4 }}>
                {mine.map((a, i) => (
                  <Tag.CheckableTag key={a.id} checked={a.id === selectedId} onChange={() => onSelect(a.id)} data-testid="legend-annotation">
                    {l.name} {i + 1} · {t(`tools.${a.geometry.type}`)}
                  </Tag.CheckableTag>
                ))}
              </Flex>
            )}
          </List.Item>
        );
      }}
    />
  );
}

function RejectModal({ pending, error, openComments, onCancel, onReject }: { pending: boolean; error: unknown; openComments: number; onCancel: () => void; onReject: (comment: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment: string }>();
  const ok = async () => {
    const v = await form.validateFields();
    onReject(v.comment.trim());
  };
  return (
    <Modal
      open
      title={t('tasks.task.rejectTitle')}
      okText={t('tasks.task.reject')}
      okButtonProps={{ danger: true, 'data-testid': 'reject-ok' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onCancel}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="comment"
          label={t('tasks.task.rejectComment')}
          extra={openComments ? `${t('tasks.task.rejectCommentHint')} ${t('tasks.commentsCount', { count: openComments })}.` : t('tasks.task.rejectCommentHint')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 10_000 }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 10 }} data-testid="reject-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
