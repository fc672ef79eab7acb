import { useEffect, useState } from 'react';
import { AutoComplete, Button, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { resolveMappedLabel, type LabelSchema, type ModelCreateRequest } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { useProjects } from '../projects/api';
import { useModelKinds, useModelMutations } from './api';
import { kindName } from './kinds';
import { useProjectLabels } from './project-labels';
import { fileIcon } from '../shell/icon-labels';

interface Values {
  name: string;
  kind: string;
  version: string;
  url?: string;
  /** MONAI Label's model name on its server. */
  remoteModel?: string;
  /** An uploaded detector's classes, in its output order. */
  classes?: string[];
  projectIds: string[];
  /** Of those, the projects whose new assets it pre-annotates as they arrive. */
  arrivalProjectIds?: string[];
  scoreThreshold: number;
  maxObjects: number;
  mapping: { modelClass: string; label: string }[];
}

/** The classes that name a label of one of the projects, each mapped to that label's name. */
function suggestedMapping(classes: string[], schemas: LabelSchema[]): Values['mapping'] {
  return classes.flatMap((c) => {
    const label = schemas.map((s) => resolveMappedLabel(s, c)).find((l) => l);
    return label ? [{ modelClass: c, label: label.name }] : [];
  });
}

/** A kind that reads more than one media is offered once per media. */
const kindKey = (k: { kind: string; mediaType: string }) => `${k.kind}|${k.mediaType}`;

/** An option stays in the list while its value contains what was typed, in any case. */
const typedIn = (input: string, option?: { value?: string | number | null }) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase());

/** Adds a model: its kind (the media type follows), version, the projects it is enabled in and its label mapping; an ONNX detector's file follows it. */
export function CreateModelModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const kinds = useModelKinds();
  const { create, upload } = useModelMutations();
  const kind = Form.useWatch('kind', form);
  const chosenProjects = Form.useWatch('projectIds', form);
  const onnxClasses = Form.useWatch('classes', form);
  const info = kinds.data?.items.find((k) => kindKey(k) === kind);
  const [file, setFile] = useState<File | null>(null);
  /** The last problem's issues that found no field of the form. */
  const [rest, setRest] = useState<IssueLike[] | null>(null);
  const projects = useProjects({ status: 'active', limit: 500, offset: 0, ...(info ? { mediaType: info.mediaType } : {}) });

  const submit = async () => {
    const v = await form.validateFields();
    if (!info) return;
    const options = info.kind === 'monai-label' ? { model: v.remoteModel?.trim() } : info.kind === 'onnx-yolo' ? { classes: (v.classes ?? []).map((c) => c.trim()).filter(Boolean) } : {};
    const body: ModelCreateRequest = {
      name: v.name, kind: info.kind, version: v.version, mediaType: info.mediaType, scoreThreshold: v.scoreThreshold, maxObjects: v.maxObjects, options,
      projectIds: v.projectIds ?? [],
      arrivalProjectIds: (v.arrivalProjectIds ?? []).filter((id) => v.projectIds?.includes(id)),
      labelMap: Object.fromEntries((v.mapping ?? []).filter((m) => m?.modelClass && m?.label).map((m) => [m.modelClass.trim(), m.label.trim()])),
      ...(info.remote && v.url ? { url: v.url } : {}),
    };
    setRest(null);
    create.mutate(body, {
      // The model exists now; its file is checked by the server on upload (a bad one is refused and shown here).
      onSuccess: (m) => (file ? upload.mutate({ id: m.id, file }, { onSuccess: onClose }) : onClose()),
      // A refused URL is said on its field, in the page's language; the rest of a problem stays in the alert.
      onError: (err) => setRest(applyProblemToForm(form, err, ['url'], t, 'models.refusedTarget')),
    });
  };

  // Until the person edits the mapping, it follows the chosen projects: each class that names one of their labels.
  const { labels, schemas } = useProjectLabels(chosenProjects);
  const [mappingEdited, setMappingEdited] = useState(false);
  const classes = info?.kind === 'onnx-yolo' ? (onnxClasses ?? []) : (info?.classes ?? []);
  const suggestion = JSON.stringify(suggestedMapping(classes, schemas));
  useEffect(() => {
    if (!mappingEdited) form.setFieldsValue({ mapping: JSON.parse(suggestion) as Values['mapping'] });
  }, [suggestion, mappingEdited, form]);
  const pickKind = () => {
    setMappingEdited(false);
    form.setFieldsValue({ projectIds: [], arrivalProjectIds: [] });
  };

  return (
    <Modal
      open
      title={t('models.addTitle')}
      okText={t('models.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || upload.isPending}
      okButtonProps={{ 'data-testid': 'model-create' } as never}
      width={720}
      destroyOnHidden
    >
      <ErrorAlert error={create.error ?? upload.error} issues={rest ?? undefined} />
      <Form<Values>
        form={form}
        layout="vertical"
        onValuesChange={(changed: Partial<Values>) => {
          if ('mapping' in changed) setMappingEdited(true);
        }}
        initialValues={{ version: '1', scoreThreshold: 0.5, maxObjects: 100, mapping: [], projectIds: [] }}>
        <Form.Item name="name" label={t('models.name')} rules={[{ required: true, whitespace: true, message: t('models.nameRequired') }]}>
          <Input maxLength={200} data-testid="model-name" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="kind" label={t('models.kind')} rules={[{ required: true, message: t('models.kindRequired') }]}>
            <Select
              style={{ minWidth: 260 }}
              loading={kinds.isPending}
              onChange={pickKind}
              data-testid="model-kind"
              options={kinds.data?.items.map((k) => ({ value: kindKey(k), label: `${kindName(t, k.kind)} (${k.kind}) · ${t(`models.media.${k.mediaType}`)}${k.remote ? ` · ${t('models.remote')}` : ''}` }))}
            />
          </Form.Item>
          <Form.Item name="version" label={t('models.version')} rules={[{ required: true, whitespace: true, message: t('models.versionRequired') }]}>
            <Input maxLength={100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="scoreThreshold" label={t('models.scoreThreshold')}>
            <NumberInput min={0} max={1} step={0.05} />
          </Form.Item>
          <Form.Item name="maxObjects" label={t('models.maxObjects')}>
            <NumberInput min={1} max={1000} />
          </Form.Item>
        </Space>
        {info?.remote && (
          <Form.Item name="url" label={t('models.url')} extra={t('models.urlHint')} rules={[{ required: true, type: 'url', message: t('models.urlInvalid') }]}>
            <Input placeholder="https://" />
          </Form.Item>
        )}
        {info?.kind === 'monai-label' && (
          <Form.Item name="remoteModel" label={t('models.remoteModel')} extra={t('models.remoteModelHint')} rules={[{ required: true, whitespace: true, message: t('models.remoteModelRequired') }]}>
            <Input maxLength={128} />
          </Form.Item>
        )}
        {info?.kind === 'onnx-yolo' && (
          <>
            <Form.Item name="classes" label={t('models.onnxClasses')} extra={t('models.onnxClassesHint')} rules={[{ required: true, message: t('models.onnxClassesRequired') }]}>
              <Select mode="tags" tokenSeparators={[',', '\n']} open={false} />
            </Form.Item>
            <Form.Item label={t('models.onnxFile')} extra={t('models.onnxFileHint')} required>
              <Upload accept=".onnx" maxCount={1} iconRender={fileIcon} beforeUpload={(f) => (setFile(f), false)} onRemove={() => setFile(null)}>
                <Button icon={<UploadOutlined aria-hidden />}>{t('models.onnxPick')}</Button>
              </Upload>
            </Form.Item>
          </>
        )}
        <Form.Item name="projectIds" label={t('models.projects')} extra={t('models.projectsHint')}>
          <Select mode="multiple" disabled={!info} loading={projects.isPending} options={projects.data?.items.map((p) => ({ value: p.id, label: p.name }))} data-testid="model-projects" />
        </Form.Item>
        <Form.Item name="arrivalProjectIds" label={t('models.arrival')} extra={t('models.arrivalHint')}>
          <Select
            mode="multiple"
            disabled={!chosenProjects?.length}
            options={projects.data?.items.filter((p) => chosenProjects?.includes(p.id)).map((p) => ({ value: p.id, label: p.name }))}
            data-testid="model-arrival-projects"
          />
        </Form.Item>
        <Typography.Text strong>{t('models.labelMap')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('models.labelMapHint')}</Typography.Paragraph>
        <Form.List name="mapping">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'modelClass']} rules={[{ required: true, message: t('models.classRequired') }]}>
                    <AutoComplete
                      style={{ width: 220 }}
                      aria-label={t('models.modelClass')}
                      placeholder={t('models.modelClass')}
                      options={info?.classes.map((c) => ({ value: c }))}
                      filterOption={typedIn}
                    />
                  </Form.Item>
                  <span aria-hidden>→</span>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: t('models.labelRequired') }]}>
                    <AutoComplete
                      style={{ width: 220 }}
                      aria-label={t('models.label')}
                      placeholder={t('models.label')}
                      options={labels.map((l) => ({ value: l.name, label: l.name === l.id ? l.name : `${l.name} (${l.id})` }))}
                      filterOption={typedIn}
                    />
                  </Form.Item>
                  <Button icon={<DeleteOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={t('models.removeRow')} />
                </Space>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ modelClass: '', label: '' })}>
                {t('models.addRow')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
