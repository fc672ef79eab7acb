import { useMemo, useState, type ReactNode } from 'react';
import { Button, Empty, Flex, Input, Space, Switch, Tag, Typography } from 'antd';
import { AimOutlined, CheckOutlined, CloseOutlined, EnterOutlined, PushpinOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Comment } from '@tessera/contracts';
import { NAMESPACE } from '../i18n';
import type { Thread } from '../comments';

export interface CommentsPanelProps {
  threads: readonly Thread[];
  canComment: boolean;
  /** What a new comment will be pinned to: the selected object (by its label's name), a point, or nothing. */
  target: { object: string } | { point: true } | null;
  /** The label's name of an object a thread is pinned to. */
  objectName: (annotationId: string) => string;
  /** A point in a text is a character offset, not x and y. */
  textAsset?: boolean;
  posting: boolean;
  /** The thread whose resolution is being saved. */
  resolving?: string | null;
  error?: ReactNode;
  /** Resolves once the comment is stored (the box is then emptied); rejects to keep it. */
  onPost: (body: string, replyTo: Comment | null) => Promise<unknown>;
  onResolve: (id: string, resolved: boolean) => void;
  onUnpin: () => void;
  onFocusThread: (thread: Thread) => void;
}

/** Comments on the work: threads pinned to objects or points, replies, resolving; and the box to write one. */
export function CommentsPanel({ threads, canComment, target, objectName, textAsset, posting, resolving, error, onPost, onResolve, onUnpin, onFocusThread }: CommentsPanelProps) {
  const { t } = useTranslation(NAMESPACE);
  const [body, setBody] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [showResolved, setShowResolved] = useState(true);
  const shown = useMemo(() => threads.filter((th) => showResolved || !th.root.resolvedAt), [threads, showResolved]);

  const send = () => {
    const text = body.trim();
    if (!text || posting) return;
    onPost(text, replyTo).then(
      () => {
        setBody('');
        setReplyTo(null);
      },
      () => undefined,
    );
  };

  const pinnedTo = (c: Comment) =>
    c.annotationId ? (
      <Tag icon={<PushpinOutlined aria-hidden />} color="orange">
        {t('comments.onObject', { label: objectName(c.annotationId) })}
      </Tag>
    ) : c.point ? (
      <Tag icon={<AimOutlined aria-hidden />} color="orange">
        {textAsset ? t('comments.textAt', { x: Math.round(c.point.x) })
          : typeof c.point.z === 'number' ? t('comments.pointOnSlice', { x: Math.round(c.point.x), y: Math.round(c.point.y), slice: c.point.z + 1 })
            : t('comments.point', { x: Math.round(c.point.x), y: Math.round(c.point.y) })}
      </Tag>
    ) : (
      <Tag>{t('comments.general')}</Tag>
    );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="comments-panel">
      <Flex justify="flex-end" align="center" gap={6}>
        <Switch size="small" checked={showResolved} onChange={setShowResolved} id="eu-show-resolved" />
        <label htmlFor="eu-show-resolved" style={{ fontSize: 12 }}>
          {t('comments.showResolved')}
        </label>
      </Flex>
      {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comments.empty')} />}
      <ol className="eu-threads" aria-label={t('comments.title')}>
        {shown.map((th) => (
          <li key={th.root.id} className={th.root.resolvedAt ? 'is-resolved' : undefined} data-testid="comment-thread">
            <Flex gap={8} align="start">
              <button type="button" className="eu-pin-badge" onClick={() => onFocusThread(th)} aria-label={`#${th.n}`}>
                {th.n}
              </button>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Flex gap={6} wrap align="center">
                  <Typography.Text strong>{th.root.author.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {dayjs(th.root.createdAt).format('lll')}
                  </Typography.Text>
                  {pinnedTo(th.root)}
                  {th.root.resolvedAt && <Tag color="green">{t('comments.resolved')}</Tag>}
                </Flex>
                <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }} data-testid="comment-body">
                  {th.root.body}
                </Typography.Paragraph>
                {th.replies.map((r) => (
                  <div key={r.id} className="eu-reply" data-testid="comment-reply">
                    <Typography.Text strong>{r.author.name}</Typography.Text>{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(r.createdAt).format('lll')}
                    </Typography.Text>
                    <Typography.Paragraph style={{ margin: '2px 0', whiteSpace: 'pre-wrap' }}>{r.body}</Typography.Paragraph>
                  </div>
                ))}
                {canComment && (
                  <Space size={4}>
                    <Button size="small" type="link" icon={<EnterOutlined aria-hidden />} onClick={() => setReplyTo(th.root)}>
                      {t('comments.reply')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      icon={th.root.resolvedAt ? <UndoOutlined aria-hidden /> : <CheckOutlined aria-hidden />}
                      loading={resolving === th.root.id}
                      onClick={() => onResolve(th.root.id, !th.root.resolvedAt)}
                      data-testid="resolve-comment"
                    >
                      {th.root.resolvedAt ? t('comments.reopen') : t('comments.resolve')}
                    </Button>
                  </Space>
                )}
              </div>
            </Flex>
          </li>
        ))}
      </ol>
      {error}
      {canComment && (
        <div className="eu-composer">
          <Flex gap={6} wrap style={{ marginBottom: 6 }}>
            {replyTo ? (
              <Tag closable closeIcon={<CloseOutlined aria-label={t('comments.cancelReply')} />} onClose={() => setReplyTo(null)}>
                {t('comments.replyTo', { name: replyTo.author.name })}
              </Tag>
            ) : target ? (
              <Tag color="orange" closable closeIcon={<CloseOutlined aria-label={t('comments.unpin')} />} onClose={onUnpin} data-testid="composer-pin">
                {'object' in target ? t('comments.onObject', { label: target.object }) : t('comments.onPoint')}
              </Tag>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('comments.pinHelp')}
              </Typography.Text>
            )}
          </Flex>
          <Input.TextArea
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-label={t('comments.write')}
            placeholder={t('comments.write')}
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
              <kbd className="eu-kbd">Ctrl</kbd>+<kbd className="eu-kbd">Enter</kbd>
            </Typography.Text>
            <Button type="primary" onClick={send} disabled={!body.trim()} loading={posting} data-testid="post-comment">
              {t('comments.post')}
            </Button>
          </Flex>
        </div>
      )}
    </Space>
  );
}
