import { useMemo, useState } from 'react';
import { Button, Empty, Flex, Input, Space, Switch, Tag, Typography } from 'antd';
import { AimOutlined, CheckOutlined, CloseOutlined, EnterOutlined, PushpinOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Annotation, Comment, Label } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { useCommentMutations } from './api';

export interface Thread {
  n: number;
  root: Comment;
  replies: Comment[];
}

/** Top-level comments in the order they were made, each with its replies; the number is the pin's. */
export function threadsOf(comments: Comment[]): Thread[] {
  const byTime = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const roots = byTime.filter((c) => !c.parentId || !byTime.some((p) => p.id === c.parentId));
  return roots.map((root, i) => ({ n: i + 1, root, replies: byTime.filter((c) => c.parentId === root.id) }));
}

interface Props {
  taskId: string;
  annotateTaskId: string;
  threads: Thread[];
  annotations: Map<string, Annotation>;
  labels: Map<string, Label>;
  canComment: boolean;
  /** What a new comment will be pinned to. */
  selectedId: string | null;
  draftPoint: { x: number; y: number } | null;
  textAsset: boolean;
  onUnpin: () => void;
  onFocusThread: (t: Thread) => void;
}

/** Comments on the work: threads pinned to objects or points, replies, resolving; and the box to write one. */
export function CommentsPanel({ taskId, annotateTaskId, threads, annotations, labels, canComment, selectedId, draftPoint, textAsset, onUnpin, onFocusThread }: Props) {
  const { t } = useTranslation();
  const { post, resolve } = useCommentMutations(taskId, annotateTaskId);
  const [body, setBody] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [showResolved, setShowResolved] = useState(true);
  const labelOf = (id: string | null) => {
    const a = id ? annotations.get(id) : undefined;
    return a ? (labels.get(a.labelId)?.name ?? a.labelId) : '?';
  };
  const shown = useMemo(() => threads.filter((th) => showResolved || !th.root.resolvedAt), [threads, showResolved]);

  const send = () => {
    const text = body.trim();
    if (!text) return;
    const pin = replyTo
      ? { parentId: replyTo.id }
      : selectedId
        ? { annotationId: selectedId }
        : draftPoint
          ? { point: draftPoint }
          : {};
    post.mutate(
      { body: text, ...pin },
      {
        onSuccess: () => {
          setBody('');
          setReplyTo(null);
          onUnpin();
        },
      },
    );
  };

  const target = (c: Comment) =>
    c.annotationId ? (
      <Tag icon={<PushpinOutlined />} color="orange">
        {t('tasks.comments.onObject', { label: labelOf(c.annotationId) })}
      </Tag>
    ) : c.point ? (
      <Tag icon={<AimOutlined />} color="orange">
        {textAsset ? t('tasks.task.textAt', { x: Math.round(c.point.x) }) : t('tasks.task.point', { x: Math.round(c.point.x), y: Math.round(c.point.y) })}
      </Tag>
    ) : (
      <Tag>{t('tasks.comments.general')}</Tag>
    );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="comments-panel">
      <Flex justify="flex-end" align="center" gap={6}>
        <Switch size="small" checked={showResolved} onChange={setShowResolved} id="show-resolved" />
        <label htmlFor="show-resolved" style={{ fontSize: 12 }}>
          {t('tasks.comments.showResolved')}
        </label>
      </Flex>
      {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.comments.empty')} />}
      <ol className="tessera-threads" aria-label={t('tasks.comments.title')}>
        {shown.map((th) => (
          <li key={th.root.id} className={th.root.resolvedAt ? 'is-resolved' : undefined} data-testid="comment-thread">
            <Flex gap={8} align="start">
              <button type="button" className="tessera-pin-badge" onClick={() => onFocusThread(th)} aria-label={`#${th.n}`}>
                {th.n}
              </button>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Flex gap={6} wrap align="center">
                  <Typography.Text strong>{th.root.author.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(th.root.createdAt).format('lll')}
                  </Typography.Text>
                  {target(th.root)}
                  {th.root.resolvedAt && <Tag color="green">{t('tasks.comments.resolved')}</Tag>}
                </Flex>
                <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }} data-testid="comment-body">
                  {th.root.body}
                </Typography.Paragraph>
                {th.replies.map((r) => (
                  <div key={r.id} className="tessera-reply" data-testid="comment-reply">
                    <Typography.Text strong>{r.author.name}</Typography.Text>{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(r.createdAt).format('lll')}
                    </Typography.Text>
                    <Typography.Paragraph style={{ margin: '2px 0', whiteSpace: 'pre-wrap' }}>{r.body}</Typography.Paragraph>
                  </div>
                ))}
                {canComment && (
                  <Space size={4}>
                    <Button size="small" type="link" icon={<EnterOutlined />} onClick={() => setReplyTo(th.root)}>
                      {t('tasks.comments.reply')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      icon={th.root.resolvedAt ? <UndoOutlined /> : <CheckOutlined />}
                      loading={resolve.isPending && resolve.variables?.id === th.root.id}
                      onClick={() => resolve.mutate({ id: th.root.id, resolved: !th.root.resolvedAt })}
                      data-testid="resolve-comment"
                    >
                      {th.root.resolvedAt ? t('tasks.comments.reopen') : t('tasks.comments.resolve')}
                    </Button>
                  </Space>
                )}
              </div>
            </Flex>
          </li>
        ))}
      </ol>
      <ErrorAlert error={post.error ?? resolve.error} />
      {canComment && (
        <div className="tessera-composer">
          <Flex gap={6} wrap style={{ marginBottom: 6 }}>
            {replyTo ? (
              <Tag closable closeIcon={<CloseOutlined aria-label={t('tasks.comments.cancelReply')} />} onClose={() => setReplyTo(null)}>
                {t('tasks.comments.replyTo', { name: replyTo.author.name })}
              </Tag>
            ) : selectedId || draftPoint ? (
              <Tag color="orange" closable closeIcon={<CloseOutlined aria-label={t('tasks.comments.unpin')} />} onClose={onUnpin} data-testid="composer-pin">
                {selectedId ? t('tasks.comments.onObject', { label: labelOf(selectedId) }) : t('tasks.comments.onPoint')}
              </Tag>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tasks.comments.pinHelp')}
              </Typography.Text>
            )}
          </Flex>
          <Input.TextArea
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-label={t('tasks.comments.write')}
            placeholder={t('tasks.comments.write')}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={10_000}
            data-testid="comment-input"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
            </Typography.Text>
            <Button type="primary" onClick={send} disabled={!body.trim()} loading={post.isPending} data-testid="post-comment">
              {t('tasks.comments.post')}
            </Button>
          </Flex>
        </div>
      )}
    </Space>
  );
}
