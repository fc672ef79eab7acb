import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORMATS_BY_MEDIA, type ExportRequest, type FormatId, type Project } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { JobRunSummary } from '../jobs/JobRunStatus';
import { isFinished, useCancelRun, useJobRun } from '../jobs/api';
import { useBatches } from '../tasks/api';
import { useStartExport } from './api';
import { clearable } from '../shell/icon-labels';

interface Values {
  format: FormatId;
  annotations: 'accepted' | 'latest' | 'predictions' | 'consensus';
  modelVersion?: string;
  batchId?: string;
  labelIds?: string[];
  status?: 'annotated' | 'unannotated' | 'submitted' | 'accepted';
  includeMedia: boolean;
  conllScheme: 'iob2' | 'bioes';
  conllSegmentation: 'chars' | 'words';
}
const FIELDS = ['format', 'annotations', 'modelVersion', 'includeMedia'];

/**
 * Asks for an export of the project's annotations in one format: the formats
 * offered are those of the project's media type. Once started it follows the
 * job run to the end and offers its file.
 */
export function ExportDialog({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const start = useStartExport(project.id);
  const [runId, setRunId] = useState<string | null>(null);
  const [rest, setRest] = useState<IssueLike[] | undefined>();
  const run = useJobRun(runId);
  const cancel = useCancelRun();
  const moving = !!run.data && !isFinished(run.data.state);
  const batches = useBatches(project.id);
  const selection = Form.useWatch('annotations', form);
  const format = Form.useWatch('format', form);
  const formats = FORMATS_BY_MEDIA[project.mediaType] as readonly FormatId[];

  const close = () => {
    setRunId(null);
    start.reset();
    cancel.reset();
    setRest(undefined);
    onClose();
  };
  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const filter = { batchId: v.batchId || undefined, labelIds: v.labelIds?.length ? v.labelIds : undefined, status: v.status || undefined };
    const body: ExportRequest = {
      format: v.format,
      annotations: v.annotations,
      modelVersion: v.annotations === 'predictions' ? v.modelVersion?.trim() : undefined,
      filter: Object.values(filter).some((x) => x !== undefined) ? filter : undefined,
      includeMedia: v.includeMedia,
      conll: v.format === 'conll' ? { scheme: v.conllScheme, segmentation: v.conllSegmentation } : undefined,
    };
    setRest(undefined);
    start.mutate(body, { onSuccess: (r) => setRunId(r.id), onError: (err) => setRest(applyProblemToForm(form, err, FIELDS, t)) });
  };

  return (
    <Modal
      open={open}
      title={t('exports.export.title')}
      onCancel={close}
      destroyOnHidden
      width={620}
      footer={
        runId ? (
          <>
            {moving && (
              <Button danger loading={cancel.isPending} onClick={() => cancel.mutate(runId)} data-testid="export-cancel">
                {t('exports.export.cancelRun')}
              </Button>
            )}
            <Button onClick={() => setRunId(null)} disabled={moving}>
              {t('exports.export.another')}
            </Button>
            <Button type="primary" onClick={close}>
              {t('common.close')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={start.isPending} onClick={submit} data-testid="export-start">
              {t('exports.export.start')}
            </Button>
          </>
        )
      }
    >
      {runId ? (
        <div data-testid="export-run">
          <ErrorAlert error={cancel.error} />
          {run.data?.state === 'cancelled' && <Alert type="warning" showIcon title={t('exports.export.cancelled')} style={{ marginBottom: 12 }} />}
          {run.data ? <JobRunSummary run={run.data} /> : <Typography.Text>{t('common.loading')}</Typography.Text>}
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('exports.export.intro')}</Typography.Paragraph>
          <ErrorAlert error={start.error} issues={rest} />
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            preserve
            initialValues={{ format: formats[0], annotations: 'latest', includeMedia: false, conllScheme: 'iob2', conllSegmentation: 'chars' }}
            onFinish={submit}
          >
            <Form.Item name="format" label={t('exports.export.format')} rules={[{ required: true }]}>
              <Select data-testid="export-format" options={formats.map((f) => ({ value: f, label: t(`exports.formats.${f}`) }))} />
            </Form.Item>
            <Form.Item name="annotations" label={t('exports.export.annotations')}>
              <Radio.Group
                options={(['accepted', 'latest', 'predictions', 'consensus'] as const).map((s) => ({ value: s, label: t(`exports.selections.${s}`) }))}
              />
            </Form.Item>
            {selection === 'predictions' && (
              <Form.Item name="modelVersion" label={t('exports.export.modelVersion')} extra={t('exports.export.modelVersionHint')} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
            )}
            {format === 'conll' && (
              <>
                <Form.Item name="conllScheme" label={t('exports.export.conllScheme')}>
                  <Radio.Group options={[{ value: 'iob2', label: 'IOB2' }, { value: 'bioes', label: 'BIOES' }]} />
                </Form.Item>
                <Form.Item name="conllSegmentation" label={t('exports.export.conllSegmentation')}>
                  <Radio.Group options={[{ value: 'chars', label: t('exports.export.chars') }, { value: 'words', label: t('exports.export.words') }]} />
                </Form.Item>
              </>
            )}
            <Form.Item name="batchId" label={t('exports.export.batch')}>
              <Select
                allowClear={clearable(t)}
                placeholder={t('exports.export.allBatches')}
                loading={batches.isPending}
                options={(batches.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
              />
            </Form.Item>
            <Form.Item name="labelIds" label={t('exports.export.labels')}>
              <Select mode="multiple" allowClear={clearable(t)} placeholder={t('exports.export.allLabels')} options={project.labelSchema.labels.map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
            <Form.Item name="status" label={t('exports.export.status')}>
              <Select
                allowClear={clearable(t)}
                placeholder={t('exports.export.anyStatus')}
                options={(['annotated', 'unannotated', 'submitted', 'accepted'] as const).map((s) => ({ value: s, label: t(`exports.statuses.${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="includeMedia" valuePropName="checked">
              <Checkbox>{t('exports.export.includeMedia')}</Checkbox>
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
