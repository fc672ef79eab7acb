import { useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FORMATS_BY_MEDIA, type AnnotationImportReport, type FormatId, type JobRun, type Project } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { JobRunSummary } from '../jobs/JobRunStatus';
import { useJobRun } from '../jobs/api';
import { useImportAnnotations, type ImportForm } from './api';
import { fileIcon } from '../shell/icon-labels';

interface Values {
  format: FormatId;
  as: 'annotations' | 'predictions';
  modelName?: string;
  modelVersion?: string;
  skipBad: boolean;
}

/** The value a category's select holds when the person chose to leave it out (a label id is never empty). */
const LEAVE_OUT = '';

/**
 * Brings in a peer tool's file, as annotations or as a model's predictions.
 * "Check" runs the import dry and shows what would happen: matched items, the
 * file's categories with the label each goes to (those the schema does not
 * know get a select to map them), problems and unmatched items. "Import" then
 * starts the job with the mapping chosen here, and follows it.
 */
export function ImportDialog({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const send = useImportAnnotations(project.id);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileError, setFileError] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [report, setReport] = useState<AnnotationImportReport | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const run = useJobRun(runId);
  const as = Form.useWatch('as', form);
  const formats = FORMATS_BY_MEDIA[project.mediaType] as readonly FormatId[];

  const close = () => {
    setFiles([]);
    setMapping({});
    setReport(null);
    setRunId(null);
    setFileError(false);
    send.reset();
    onClose();
  };

  const go = async (dryRun: boolean) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const file = files[0]?.originFileObj as File | undefined;
    setFileError(!file);
    if (!file) return;
    const body: ImportForm = { file, format: v.format, as: v.as, modelName: v.modelName?.trim(), modelVersion: v.modelVersion?.trim() || undefined, mapping, skipBad: v.skipBad, dryRun };
    send.mutate(body, {
      onSuccess: (r) => {
        if ('dryRun' in r) setReport(r);
        else setRunId((r as JobRun).id);
      },
    });
  };
  // Whatever changes the question makes the old answer stale.
  const stale = () => setReport(null);

  return (
    <Modal
      open={open}
      title={t('exports.import.title')}
      onCancel={close}
      destroyOnHidden
      width={760}
      footer={
        runId ? (
          <Button type="primary" onClick={close}>
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button loading={send.isPending && send.variables?.dryRun} onClick={() => go(true)} data-testid="import-check">
              {t('exports.import.check')}
            </Button>
            <Button type="primary" loading={send.isPending && !send.variables?.dryRun} disabled={!report?.acceptable} onClick={() => go(false)} data-testid="import-run">
              {t('exports.import.run')}
            </Button>
          </>
        )
      }
    >
      {runId ? (
        <div data-testid="import-run-status">{run.data ? <JobRunSummary run={run.data} /> : <Typography.Text>{t('common.loading')}</Typography.Text>}</div>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('exports.import.intro')}</Typography.Paragraph>
          <ErrorAlert error={send.error} />
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ format: formats[0], as: 'annotations', skipBad: false }}
            onValuesChange={stale}
          >
            <Form.Item label={t('exports.import.file')} required validateStatus={fileError ? 'error' : undefined} help={fileError ? t('exports.import.noFile') : undefined}>
              <Upload
                fileList={files}
                iconRender={fileIcon}
                maxCount={1}
                beforeUpload={() => false}
                onChange={({ fileList }) => {
                  setFiles(fileList.slice(-1));
                  setFileError(false);
                  stale();
                }}
              >
                <Button icon={<UploadOutlined aria-hidden />} data-testid="import-file">
                  {t('exports.import.chooseFile')}
                </Button>
              </Upload>
            </Form.Item>
            <Form.Item name="format" label={t('exports.import.format')}>
              <Select data-testid="import-format" options={formats.map((f) => ({ value: f, label: t(`exports.formats.${f}`) }))} />
            </Form.Item>
            <Form.Item name="as" label={t('exports.import.as')}>
              <Radio.Group options={[{ value: 'annotations', label: t('exports.import.asAnnotations') }, { value: 'predictions', label: t('exports.import.asPredictions') }]} />
            </Form.Item>
            {as === 'predictions' && (
              <Space align="start" wrap>
                <Form.Item name="modelName" label={t('exports.import.modelName')} rules={[{ required: true, whitespace: true, message: t('exports.import.modelRequired') }, { max: 200 }]}>
                  <Input style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name="modelVersion" label={t('exports.import.modelVersion')} extra={t('exports.import.modelVersionHint')} rules={[{ max: 200 }]}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
              </Space>
            )}
            <Form.Item name="skipBad" valuePropName="checked">
              <Checkbox>{t('exports.import.skipBad')}</Checkbox>
            </Form.Item>
          </Form>
          {report && <Report project={project} report={report} mapping={mapping} onMap={(name, labelId) => { setMapping((m) => ({ ...m, [name]: labelId })); stale(); }} />}
        </>
      )}
    </Modal>
  );
}

function Report({ project, report, mapping, onMap }: { project: Project; report: AnnotationImportReport; mapping: Record<string, string | null>; onMap: (name: string, labelId: string | null) => void }) {
  const { t } = useTranslation();
  const labelOptions = [...project.labelSchema.labels.map((l) => ({ value: l.id, label: l.name })), { value: LEAVE_OUT, label: t('exports.import.leaveOut') }];
  const unmapped = report.categories.some((c) => c.mapped === 'none');
  return (
    <section aria-label={t('exports.import.report')} data-testid="import-report">
      <Typography.Title level={5}>{t('exports.import.report')}</Typography.Title>
      <Alert
        type={report.acceptable ? 'success' : 'warning'}
        showIcon
        title={report.acceptable ? t('exports.import.acceptable') : t('exports.import.notAcceptable')}
        style={{ marginBottom: 12 }}
      />
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'items', label: t('exports.import.items'), children: report.items },
          { key: 'matched', label: t('exports.import.matched'), children: report.matchedItems },
          { key: 'objects', label: t('exports.import.objects'), children: <span data-testid="import-objects">{report.annotations}</span> },
          { key: 'already', label: t('exports.import.already'), children: report.alreadyImported },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('exports.import.categories')}
      </Typography.Title>
      {unmapped && <Typography.Paragraph type="secondary">{t('exports.import.unmappedHint')}</Typography.Paragraph>}
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={report.categories}
        data-testid="import-categories"
        columns={[
          { title: t('exports.import.category'), dataIndex: 'name' },
          { title: t('exports.import.count'), dataIndex: 'count', align: 'right' },
          {
            title: t('exports.import.label'),
            key: 'label',
            render: (_, c) => {
              const chosen = c.name in mapping ? (mapping[c.name] ?? LEAVE_OUT) : c.mapped === 'skipped' ? LEAVE_OUT : (c.labelId ?? undefined);
              return (
                <Space>
                  <Select
                    style={{ width: 200 }}
                    value={chosen}
                    placeholder={t('exports.import.mappedBy.none')}
                    aria-label={t('exports.import.mapCategory', { name: c.name })}
                    options={labelOptions}
                    onChange={(v: string) => onMap(c.name, v === LEAVE_OUT ? null : v)}
                  />
                  <Tag>{t(`exports.import.mappedBy.${c.mapped}`)}</Tag>
                </Space>
              );
            },
          },
        ]}
      />
      {report.droppedAttributes.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('exports.import.dropped', { list: report.droppedAttributes.map((a) => `${a.name} (${a.count})`).join(', ') })}
        </Typography.Paragraph>
      )}
      {report.unmatchedCount > 0 && (
        <details style={{ marginTop: 8 }}>
          <summary>{t('exports.import.unmatchedItems', { count: report.unmatchedCount })}</summary>
          <ul>
            {report.unmatched.map((u, i) => (
              <li key={i}>
                <code>{u.where}</code>: {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.problemCount > 0 && (
        <details open style={{ marginTop: 8 }}>
          <summary>{t('exports.import.problems', { count: report.problemCount })}</summary>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                <code>{p.where}</code>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
