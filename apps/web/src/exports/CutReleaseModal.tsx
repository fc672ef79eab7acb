import { Checkbox, Form, Input, Modal, Radio, Select, Space, Switch, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FORMATS_BY_MEDIA, type FormatId, type Project, type ReleaseCreateRequest } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { useReleaseMutations } from './api';
import { useMessage } from '../shell/icon-labels';

interface Values {
  name?: string;
  description?: string;
  formats: FormatId[];
  annotations: 'accepted' | 'latest';
  licence: string;
  withSplits: boolean;
  seed: number;
  train: number;
  val: number;
  test: number;
  includeMedia: boolean;
}
const FIELDS = ['name', 'description', 'formats', 'annotations', 'licence', 'includeMedia', 'splits.seed'];

/** Cuts the next release: chosen formats, which annotations, a licence, and optionally seeded train/val/test splits. */
export function CutReleaseModal({ project, next, open, onClose }: { project: Project; next: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const { cut } = useReleaseMutations(project.id);
  const [rest, setRest] = useState<IssueLike[] | undefined>();
  const withSplits = Form.useWatch('withSplits', form);
  const formats = FORMATS_BY_MEDIA[project.mediaType] as readonly FormatId[];

  const close = () => {
    cut.reset();
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
    const body: ReleaseCreateRequest = {
      name: v.name?.trim() || undefined,
      description: v.description ?? '',
      formats: v.formats,
      annotations: v.annotations,
      licence: v.licence.trim(),
      includeMedia: v.includeMedia,
      splits: v.withSplits ? { seed: v.seed, train: v.train, val: v.val, test: v.test } : undefined,
    };
    setRest(undefined);
    cut.mutate(body, {
      onSuccess: (r) => {
        message.success(t('exports.releases.created', { number: r.number }));
        close();
      },
      onError: (err) => setRest(applyProblemToForm(form, err, FIELDS, t)),
    });
  };
  const ratio = (name: 'train' | 'val' | 'test') => (
    <Form.Item
      name={name}
      label={t(`exports.releases.${name}`)}
      dependencies={['train', 'val', 'test'].filter((n) => n !== name)}
      rules={[
        { required: true },
        ({ getFieldValue }) => ({
          validator: () =>
            Math.abs((getFieldValue('train') ?? 0) + (getFieldValue('val') ?? 0) + (getFieldValue('test') ?? 0) - 1) < 1e-6
              ? Promise.resolve()
              : Promise.reject(new Error(t('exports.releases.splitsSum'))),
        }),
      ]}
    >
      <NumberInput min={0} max={1} step={0.05} style={{ width: 110 }} />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={t('exports.releases.cutTitle', { number: next })}
      onCancel={close}
      onOk={submit}
      okText={t('exports.releases.create')}
      okButtonProps={{ loading: cut.isPending, 'data-testid': 'release-create' } as ButtonProps}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={640}
    >
      <ErrorAlert error={cut.error} issues={rest} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ formats: [formats[0]], annotations: 'accepted', licence: '', withSplits: true, seed: 42, train: 0.8, val: 0.1, test: 0.1, includeMedia: false }}
      >
        <Form.Item name="name" label={t('exports.releases.name')} rules={[{ max: 200 }]}>
          <Input placeholder={t('exports.releases.defaultName', { number: next })} />
        </Form.Item>
        <Form.Item name="description" label={t('exports.releases.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="formats" label={t('exports.releases.formats')} rules={[{ required: true, message: t('exports.releases.formatsRequired') }]}>
          <Select mode="multiple" data-testid="release-formats" options={formats.map((f) => ({ value: f, label: t(`exports.formats.${f}`) }))} />
        </Form.Item>
        <Form.Item name="annotations" label={t('exports.releases.annotations')}>
          <Radio.Group options={(['accepted', 'latest'] as const).map((s) => ({ value: s, label: t(`exports.selections.${s}`) }))} />
        </Form.Item>
        <Form.Item name="licence" label={t('exports.releases.licence')} rules={[{ required: true, whitespace: true, message: t('exports.releases.licenceRequired') }, { max: 200 }]}>
          <Input placeholder="CC-BY-4.0" />
        </Form.Item>
        <Form.Item name="withSplits" label={t('exports.releases.splits')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {withSplits && (
          <Space align="start" wrap>
            <Form.Item name="seed" label={t('exports.releases.seed')} rules={[{ required: true }]}>
              <NumberInput min={0} max={2 ** 31 - 1} precision={0} style={{ width: 140 }} />
            </Form.Item>
            {ratio('train')}
            {ratio('val')}
            {ratio('test')}
          </Space>
        )}
        <Form.Item name="includeMedia" valuePropName="checked">
          <Checkbox>{t('exports.releases.includeMedia')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
