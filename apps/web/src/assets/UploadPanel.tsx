import { useCallback, useRef, useState } from 'react';
import { Button, List, Progress, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined, FolderOpenOutlined, PauseOutlined, CaretRightOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RECORD_EXTENSIONS, TEXT_EXTENSIONS, type MediaType, type UploadResult } from '@tessera/contracts';
import { useJobRun } from '../jobs/api';
import { JobStateTag } from '../jobs/JobRunStatus';
import { UploadError, filesOfDrop, uploadFile, type UploadHandle } from './uploader';

type State = 'queued' | 'uploading' | 'paused' | 'failed' | 'done';
interface Item {
  id: number;
  file: File;
  state: State;
  progress: number;
  error?: string;
  result?: UploadResult;
}

/** Uploads several files at once, not all: the browser and the server both do better with a few streams. */
const PARALLEL = 3;
let nextId = 1;

const RECORDS = Object.keys(RECORD_EXTENSIONS);
/**
 * What the file dialog offers first, by the project's media type (the person can still pick any file; the server
 * decides). None for DICOM: scanners and PACS exports often write files without an extension.
 */
const ACCEPT: Record<MediaType, string | undefined> = {
  image: 'image/*,.zip',
  text: [...TEXT_EXTENSIONS, ...RECORDS, '.zip'].join(','),
  dicom: undefined,
};

function outcome(r: UploadResult): { color: string; key: 'assets.outcome.rejected' | 'assets.outcome.duplicate' | 'assets.outcome.accepted' } {
  if (r.rejected.length) return { color: 'error', key: 'assets.outcome.rejected' };
  if (r.duplicates.length) return { color: 'default', key: 'assets.outcome.duplicate' };
  return { color: 'success', key: 'assets.outcome.accepted' };
}

export function UploadPanel({ projectId, mediaType, onRuns }: { projectId: string; mediaType: MediaType; onRuns: (runIds: string[]) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const handles = useRef(new Map<number, UploadHandle>());
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // The queue lives in a ref that every change goes through at once, so the
  // pump (called from promise callbacks, between renders) never reads a stale list.
  const itemsRef = useRef(items);
  const change = (fn: (xs: Item[]) => Item[]) => {
    itemsRef.current = fn(itemsRef.current);
    setItems(itemsRef.current);
  };
  const update = (id: number, patch: Partial<Item>) => change((xs) => xs.map((x) => (x.id === id ? { ...x, ...patch } : x)));

  const pump = useCallback(() => {
    const running = itemsRef.current.filter((x) => x.state === 'uploading').length;
    for (const item of itemsRef.current.filter((x) => x.state === 'queued').slice(0, Math.max(0, PARALLEL - running))) {
      update(item.id, { state: 'uploading', progress: 0, error: undefined });
      const handle = uploadFile(projectId, item.file, (p) => update(item.id, { progress: p }));
      handles.current.set(item.id, handle);
      handle.promise
        .then(
          (result) => {
            update(item.id, { state: 'done', progress: 1, result });
            const started = [result.jobRunId, result.splitRunId, result.archiveRunId, result.dicomRunId].filter((x): x is string => !!x);
            if (started.length) onRuns(started);
          },
          // Pausing aborts the request; the file goes back to waiting for Resume.
          (e: UploadError) => update(item.id, { state: e.status === -1 ? 'paused' : 'failed', error: e.status === -1 ? undefined : e.message }),
        )
        .finally(() => {
          handles.current.delete(item.id);
          pump();
        });
    }
  }, [projectId]);

  const add = (files: File[]) => {
    change((xs) => [...xs, ...files.map((file) => ({ id: nextId++, file, state: 'queued' as State, progress: 0 }))]);
    pump();
  };
  const requeue = (id: number) => {
    update(id, { state: 'queued' });
    pump();
  };
  const clearDone = () => change((xs) => xs.filter((x) => x.state !== 'done'));
  const done = items.filter((x) => x.state === 'done').length;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <div
        role="button"
        tabIndex={0}
        data-testid="drop-zone"
        className={`tessera-drop-zone${dragging ? ' is-dragging' : ''}`}
        onClick={() => fileInput.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), fileInput.current?.click())}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setDragging(false);
          add(await filesOfDrop(e.dataTransfer.items));
        }}
      >
        <CloudUploadOutlined aria-hidden style={{ fontSize: 32 }} />
        <Typography.Text>{t('assets.dropHint')}</Typography.Text>
        <Typography.Text type="secondary">{t(`assets.dropFormats.${mediaType}`, { text: TEXT_EXTENSIONS.join(t('assets.formatSeparator')), records: RECORDS.join(t('assets.formatSeparator')) })}</Typography.Text>
      </div>
      <Space>
        <Button icon={<CloudUploadOutlined aria-hidden />} onClick={() => fileInput.current?.click()}>{t('assets.chooseFiles')}</Button>
        <Button icon={<FolderOpenOutlined aria-hidden />} onClick={() => folderInput.current?.click()}>{t('assets.chooseFolder')}</Button>
        {/* Hidden inputs sit inside this row so they take no gap of the outer column. */}
        <input ref={fileInput} type="file" multiple hidden accept={ACCEPT[mediaType]} data-testid="file-input" onChange={(e) => (add([...(e.target.files ?? [])]), (e.target.value = ''))} />
        <input ref={folderInput} type="file" multiple hidden {...{ webkitdirectory: '' }} onChange={(e) => (add([...(e.target.files ?? [])]), (e.target.value = ''))} />
      </Space>

      {items.length > 0 && (
        <Space>
          <Typography.Text type="secondary">{t('assets.uploadSummary', { done, total: items.length })}</Typography.Text>
          {done > 0 && <Button size="small" type="link" onClick={clearDone}>{t('assets.clearFinished')}</Button>}
        </Space>
      )}
      {items.length > 0 && (
        <List
          size="small"
          bordered
          className="asset-upload-list"
          data-testid="upload-list"
          dataSource={items}
          renderItem={(x) => (
            <List.Item
              actions={[
                x.state === 'uploading' && <Button key="p" size="small" icon={<PauseOutlined aria-hidden />} aria-label={t('assets.pause')} onClick={() => handles.current.get(x.id)?.abort()} />,
                x.state === 'paused' && <Button key="r" size="small" icon={<CaretRightOutlined aria-hidden />} aria-label={t('assets.resume')} onClick={() => requeue(x.id)} />,
                x.state === 'failed' && <Button key="t" size="small" icon={<RedoOutlined aria-hidden />} onClick={() => requeue(x.id)}>{t('assets.retry')}</Button>,
              ].filter(Boolean)}
            >
              <Space orientation="vertical" style={{ width: '100%' }} size={0}>
                <Space wrap>
                  <Typography.Text strong>{(x.file as File & { relativePath?: string }).relativePath || x.file.name}</Typography.Text>
                  {x.result && <Tag color={outcome(x.result).color}>{t(outcome(x.result).key)}</Tag>}
                  {x.result?.jobRunId && <IngestTag runId={x.result.jobRunId} />}
                  {x.state !== 'done' && <Tag>{t(`assets.uploadStates.${x.state}`)}</Tag>}
                </Space>
                {x.state !== 'done' && <Progress percent={Math.round(x.progress * 100)} size="small" status={x.state === 'failed' ? 'exception' : 'normal'} />}
                {x.error && <Typography.Text type="danger">{x.error}</Typography.Text>}
                {x.result?.rejected.map((r) => <Typography.Text key={r.name} type="danger" title={r.reason}>{r.name}: {t(`assets.errorCodes.${r.code}`)} ({r.reason})</Typography.Text>)}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/** How the file's own ingest run is doing, so "Accepted" is not mistaken for "ready". */
function IngestTag({ runId }: { runId: string }) {
  const { data: run } = useJobRun(runId);
  return run ? <JobStateTag state={run.state} /> : null;
}
