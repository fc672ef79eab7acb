import { useCallback, useRef, useState } from 'react';
import { Button, List, Progress, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined, FolderOpenOutlined, PauseOutlined, CaretRightOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { UploadResult } from '@tessera/contracts';
import { useJobRun } from '../jobs/api';
import { JobProgress, JobStateTag } from '../jobs/JobRunStatus';
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

function outcome(r: UploadResult): { color: string; key: 'assets.outcome.rejected' | 'assets.outcome.duplicate' | 'assets.outcome.accepted' } {
  if (r.rejected.length) return { color: 'error', key: 'assets.outcome.rejected' };
  if (r.duplicates.length) return { color: 'default', key: 'assets.outcome.duplicate' };
  return { color: 'success', key: 'assets.outcome.accepted' };
}

export function UploadPanel({ projectId, onIngested }: { projectId: string; onIngested: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [runs, setRuns] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const handles = useRef(new Map<number, UploadHandle>());
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const update = (id: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...patch } : x)));

  const pump = useCallback(() => {
    const all = itemsRef.current;
    const running = all.filter((x) => x.state === 'uploading').length;
    for (const item of all.filter((x) => x.state === 'queued').slice(0, Math.max(0, PARALLEL - running))) {
      item.state = 'uploading';
      update(item.id, { state: 'uploading', progress: 0, error: undefined });
      const handle = uploadFile(projectId, item.file, (p) => update(item.id, { progress: p }));
      handles.current.set(item.id, handle);
      handle.promise.then(
        (result) => {
          update(item.id, { state: 'done', progress: 1, result });
          const started = [result.jobRunId, result.splitRunId, result.archiveRunId, result.dicomRunId].filter((x): x is string => !!x);
          // The latest few runs are enough to follow; the job-runs page keeps them all.
          if (started.length) setRuns((r) => [...started, ...r].slice(0, 3));
        },
        (e: UploadError) => update(item.id, { state: e.status === -1 ? 'paused' : 'failed', error: e.status === -1 ? undefined : e.message }),
      ).finally(() => {
        handles.current.delete(item.id);
        setTimeout(pump, 0);
      });
    }
  }, [projectId]);

  const add = (files: File[]) => {
    const fresh = files.map((file) => ({ id: nextId++, file, state: 'queued' as State, progress: 0 }));
    itemsRef.current = [...itemsRef.current, ...fresh];
    setItems(itemsRef.current);
    setTimeout(pump, 0);
  };
  const requeue = (id: number) => {
    itemsRef.current = itemsRef.current.map((x) => (x.id === id ? { ...x, state: 'queued' as State } : x));
    setItems(itemsRef.current);
    setTimeout(pump, 0);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <div
        role="button"
        tabIndex={0}
        aria-label={t('assets.dropHint')}
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
        <CloudUploadOutlined style={{ fontSize: 32 }} />
        <Typography.Text>{t('assets.dropHint')}</Typography.Text>
        <Typography.Text type="secondary">{t('assets.dropFormats')}</Typography.Text>
      </div>
      <Space>
        <Button icon={<CloudUploadOutlined />} onClick={() => fileInput.current?.click()}>{t('assets.chooseFiles')}</Button>
        <Button icon={<FolderOpenOutlined />} onClick={() => folderInput.current?.click()}>{t('assets.chooseFolder')}</Button>
      </Space>
      <input ref={fileInput} type="file" multiple hidden data-testid="file-input" onChange={(e) => (add([...(e.target.files ?? [])]), (e.target.value = ''))} />
      <input ref={folderInput} type="file" multiple hidden {...{ webkitdirectory: '' }} onChange={(e) => (add([...(e.target.files ?? [])]), (e.target.value = ''))} />

      {runs.map((id) => <IngestRun key={id} id={id} onDone={onIngested} />)}

      {items.length > 0 && (
        <List
          size="small"
          bordered
          data-testid="upload-list"
          dataSource={items}
          renderItem={(x) => (
            <List.Item
              actions={[
                x.state === 'uploading' && <Button key="p" size="small" icon={<PauseOutlined />} aria-label={t('assets.pause')} onClick={() => handles.current.get(x.id)?.abort()} />,
                x.state === 'paused' && <Button key="r" size="small" icon={<CaretRightOutlined />} aria-label={t('assets.resume')} onClick={() => requeue(x.id)} />,
                x.state === 'failed' && <Button key="t" size="small" icon={<RedoOutlined />} onClick={() => requeue(x.id)}>{t('assets.retry')}</Button>,
              ].filter(Boolean)}
            >
              <Space direction="vertical" style={{ width: '100%' }} size={0}>
                <Space wrap>
                  <Typography.Text strong>{(x.file as File & { relativePath?: string }).relativePath || x.file.name}</Typography.Text>
                  {x.result && <Tag color={outcome(x.result).color}>{t(outcome(x.result).key)}</Tag>}
                  {x.state !== 'done' && <Tag>{t(`assets.uploadStates.${x.state}`)}</Tag>}
                </Space>
                {x.state !== 'done' && <Progress percent={Math.round(x.progress * 100)} size="small" status={x.state === 'failed' ? 'exception' : 'active'} />}
                {x.error && <Typography.Text type="danger">{x.error}</Typography.Text>}
                {x.result?.rejected.map((r) => <Typography.Text key={r.name} type="danger">{r.name}: {r.reason}</Typography.Text>)}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

function IngestRun({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { data: run } = useJobRun(id);
  const done = useRef(false);
  if (run && (run.state === 'succeeded' || run.state === 'failed') && !done.current) {
    done.current = true;
    setTimeout(onDone, 0);
  }
  if (!run) return null;
  return (
    <div data-testid="ingest-run">
      <Space>
        <Typography.Text>{t(`jobs.types.${run.type}`)}</Typography.Text>
        <JobStateTag state={run.state} />
        <Typography.Text type="secondary">{t('assets.runCounts', run.counts)}</Typography.Text>
      </Space>
      <JobProgress run={run} />
    </div>
  );
}
