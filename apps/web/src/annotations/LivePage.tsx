import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Avatar, Badge, Button, Card, Empty, Flex, Radio, Result, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Annotation, Asset, Label, Project } from '@tessera/contracts';
import type { SyncClientOptions } from '@tessera/web/sync';
import { pendingStore as store } from './pending-store';
import { useSyncClient } from '@tessera/web/sync/react';
import { http, refreshSession } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import { useSession } from '../auth/session-store';
import { useProject } from '../projects/api';
import { PageHeader } from '../shell/PageHeader';
import { SyncedImageEditor } from './SyncedImageEditor';
import { TextLive } from './TextLive';
import './live.css';

const STATUS_COLOR = { online: 'success', offline: 'error', connecting: 'processing' } as const;

/**
 * The "two windows" page: one asset's own annotation set, edited live by
 * everyone who opens it. An image opens in the image editor; text in a span
 * editor built on @tessera/web/sync the same way (the text editor proper comes
 * with its own issue).
 */
export function LivePage() {
  const { t } = useTranslation();
  const { id: projectId = '', assetId = '' } = useParams();
  const project = useProject(projectId);
  const asset = useQuery({ queryKey: ['asset', assetId], queryFn: () => http.get<Asset>(`/assets/${assetId}`) });
  if (project.error || asset.error) return <ErrorAlert error={project.error ?? asset.error} />;
  if (!project.data || !asset.data) return <Spin aria-label={t('common.loading')} />;
  if (asset.data.status !== 'ready') return <Result status="info" title={t('live.notReady')} />;
  if (asset.data.kind === 'image') return <LiveImagePage project={project.data} asset={asset.data} />;
  return <LiveSpansPage project={project.data} asset={asset.data} />;
}

function LiveImagePage({ project, asset }: { project: Project; asset: Asset }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="live-page">
      <PageHeader
        title={t('live.title', { name: asset.name })}
        sub={project.name}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/projects/${project.id}/assets`)}>
            {t('live.back')}
          </Button>
        }
      />
      <SyncedImageEditor asset={asset} labels={project.labelSchema.labels} schemaVersion={project.schemaVersion} height="calc(100vh - 260px)" />
    </div>
  );
}

/** Text (and DICOM, listed only): the span editor on the asset's own set. */
function LiveSpansPage({ project, asset: a }: { project: Project; asset: Asset }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const projectId = project.id;
  const assetId = a.id;
  const userId = useSession((s) => s.user?.id);
  const opts = useMemo<SyncClientOptions>(
    () => ({ assetId, getToken: () => useSession.getState().accessToken, refreshToken: refreshSession, store, schemaVersion: project.schemaVersion, userId }),
    [assetId, project.schemaVersion, userId],
  );
  const client = useSyncClient(opts);
  const [selected, setSelected] = useState<string | null>(null);
  const labels: Label[] = project.labelSchema.labels;
  const [labelId, setLabelId] = useState<string | null>(null);
  const mediaType = project.mediaType;
  const usable = labels.filter((l) => mediaType === 'text' && l.tools.includes('span'));
  const currentLabel = labelId ?? usable[0]?.id ?? null;

  const annotations = useMemo(
    () => (client ? [...client.replica.view.values()].sort((a, b) => a.zIndex - b.zIndex || a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1)) : []),
    [client, client?.replica.version],
  );

  // Rejections are final: say so, the view has already dropped them.
  useEffect(() => client?.on('rejected', (r) => void message.error({ content: t('live.rejected', { message: r.message }), key: `rej-${r.op.clientSeq}` })), [client, message, t]);
  // What I have selected is part of my presence; a selection someone deleted goes away.
  useEffect(() => {
    if (selected && client && !client.replica.view.has(selected)) setSelected(null);
  }, [annotations, selected, client]);
  useEffect(() => client?.setPresence({ selection: selected ? [selected] : [] }), [client, selected]);

  const canEdit = !!client?.canEdit;

  // Undo, redo, Delete and the labels' hotkeys work anywhere on the page except in a text field.
  useEffect(() => {
    if (!client) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.closest('input, textarea, select, [contenteditable="true"]') || e.defaultPrevented)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.code === 'KeyZ') {
        e.preventDefault();
        if (e.shiftKey) client.replica.redo();
        else client.replica.undo();
        return;
      }
      if (mod && e.code === 'KeyY') {
        e.preventDefault();
        client.replica.redo();
        return;
      }
      if (mod) return;
      if ((e.key === 'Delete' || e.key === 'Backspace') && selected && canEdit) {
        e.preventDefault();
        client.replica.delete(selected);
        return;
      }
      if (e.key === 'Escape') return setSelected(null);
      const key = /^(Key|Digit)(.)$/.exec(e.code)?.[2]?.toLowerCase();
      if (!key) return;
      const combo = `${e.shiftKey ? 'shift+' : ''}${e.altKey ? 'alt+' : ''}${key}`;
      const label = usable.find((l) => l.hotkey === combo);
      if (label) {
        e.preventDefault();
        setLabelId(label.id);
        if (selected && canEdit && client.replica.view.get(selected)?.labelId !== label.id) client.replica.update(selected, { labelId: label.id });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, selected, canEdit, usable]);

  if (client?.problem) return <Result status="warning" title={t('live.notFound')} subTitle={client.problem.detail} />;

  const labelName = (id: string) => labels.find((l) => l.id === id)?.name ?? id;
  const colour = (id: string) => labels.find((l) => l.id === id)?.color ?? '#888888';
  const peers = client?.peers ?? [];
  const status = client?.status ?? 'connecting';
  const pending = client?.pendingCount ?? 0;

  return (
    <div className="live-page">
      <PageHeader
        title={t('live.title', { name: a.name })}
        sub={project.name}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/projects/${projectId}/assets`)}>
              {t('live.back')}
            </Button>
            <Tooltip title="Ctrl+Z">
              <Button icon={<UndoOutlined />} disabled={!client?.replica.canUndo || !canEdit} onClick={() => client?.replica.undo()} data-testid="undo">
                {t('live.undo')}
              </Button>
            </Tooltip>
            <Tooltip title="Ctrl+Shift+Z">
              <Button icon={<RedoOutlined />} disabled={!client?.replica.canRedo || !canEdit} onClick={() => client?.replica.redo()} data-testid="redo">
                {t('live.redo')}
              </Button>
            </Tooltip>
          </>
        }
      />
      {status === 'offline' && <Alert type="warning" showIcon data-testid="offline-banner" title={t('live.offlineBanner')} style={{ marginBottom: 12 }} />}
      {client && status === 'online' && !canEdit && <Alert type="info" showIcon title={t('live.readOnly')} style={{ marginBottom: 12 }} />}
      {usable.length > 0 && mediaType !== 'dicom' && (
        <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
          <Typography.Text id="live-label-picker">{t('live.labels')}</Typography.Text>
          <Radio.Group value={currentLabel} onChange={(e) => setLabelId(e.target.value)} optionType="button" aria-labelledby="live-label-picker" data-testid="label-picker">
            {usable.map((l) => (
              <Radio.Button key={l.id} value={l.id}>
                <span className="live-swatch" style={{ background: l.color }} aria-hidden />
                {l.name}
                {l.hotkey && <kbd className="live-kbd">{l.hotkey}</kbd>}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Flex>
      )}
      <Flex gap={16} align="flex-start" className="live-body">
        <div className="live-stage">
          {!client ? (
            <Spin aria-label={t('common.loading')} />
          ) : a.kind === 'text' ? (
            <TextLive client={client} assetId={a.id} labels={labels} labelId={currentLabel} selected={selected} onSelect={setSelected} canEdit={canEdit} annotations={annotations} />
          ) : (
            <Alert type="info" title={t('live.dicomHint')} />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('live.textHint')}
          </Typography.Paragraph>
        </div>
        <Space orientation="vertical" size="middle" className="live-side">
          <Card size="small" title={t('live.peers')}>
            {peers.length === 0 ? (
              <Typography.Text type="secondary">{t('live.nobody')}</Typography.Text>
            ) : (
              <Flex gap={8} wrap data-testid="peer-list">
                {peers.map((p) => (
                  <Tooltip key={p.sessionId} title={p.name}>
                    <Avatar style={{ background: p.color }} aria-label={p.name}>
                      {p.name.slice(0, 1).toUpperCase()}
                    </Avatar>
                  </Tooltip>
                ))}
              </Flex>
            )}
          </Card>
          <Card size="small" title={t('live.objects', { count: annotations.length })}>
            {annotations.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('live.noObjects')} />
            ) : (
              <ul className="live-objects" data-testid="object-list" aria-label={t('live.objectsLabel')}>
                {annotations.map((x) => (
                  <ObjectRow key={x.id} a={x} name={labelName(x.labelId)} colour={colour(x.labelId)} selected={x.id === selected} onSelect={() => setSelected(x.id)} onDelete={canEdit ? () => client?.replica.delete(x.id) : undefined} />
                ))}
              </ul>
            )}
          </Card>
        </Space>
      </Flex>
      <Flex className="live-statusbar" gap={12} align="center" data-testid="sync-status" data-status={status} data-pending={pending} data-unstored={client?.unstoredCount ?? 0} role="status" aria-live="polite">
        <Badge status={STATUS_COLOR[status]} text={t(`live.status.${status}`)} />
        <span data-testid="pending-count">{pending ? t('live.pending', { count: pending }) : t('live.saved')}</span>
        <Tag>{t('live.objects', { count: annotations.length })}</Tag>
      </Flex>
    </div>
  );
}

function ObjectRow({ a, name, colour, selected, onSelect, onDelete }: { a: Annotation; name: string; colour: string; selected: boolean; onSelect: () => void; onDelete?: () => void }) {
  const { t } = useTranslation();
  const g = a.geometry;
  const where = g.type === 'box' ? `${Math.round(g.x)}, ${Math.round(g.y)} · ${Math.round(g.width)}×${Math.round(g.height)}` : g.type === 'span' ? `${g.start}–${g.end}` : g.type;
  return (
    <li className={selected ? 'is-selected' : undefined} data-testid="object" data-id={a.id}>
      <button type="button" className="live-object" aria-pressed={selected} onClick={onSelect}>
        <span className="live-swatch" style={{ background: colour }} aria-hidden />
        <span className="live-object-name">{name}</span>
        <Typography.Text type="secondary" className="live-object-where">
          {where}
        </Typography.Text>
      </button>
      {onDelete && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('live.delete')} onClick={onDelete} />}
    </li>
  );
}
