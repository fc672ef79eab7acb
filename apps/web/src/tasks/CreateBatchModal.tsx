import { useState } from 'react';
import { Alert, Checkbox, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSET_STATUSES, type Asset, type BatchCreateRequest, type Project } from '@tessera/contracts';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { useDebounced } from '../api/use-debounced';
import { useBatchMutations, useBatchPreview } from './api';
import { clearable, useMessage } from '../shell/icon-labels';

type Selection = BatchCreateRequest['selection'];

interface BatchForm {
  name: string;
  status: Asset['status'] | 'any';
  q?: string;
  onlyUnbatched: boolean;
}

/** Assets chosen in the Data tab, to make the batch of: by id, or the list's filters but some (the count seen there). */
export interface ChosenAssets {
  selection: Pick<Selection, 'assetIds' | 'filter' | 'except'>;
  count: number;
}

/**
 * Makes a batch of the project's ready assets, chosen here by status and name or, coming from the Data tab, as chosen
 * there; the preview says how many it takes and how many tasks it makes, before it is made.
 */
export function CreateBatchModal({ project, chosen, onClose }: { project: Project; chosen?: ChosenAssets; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [form] = Form.useForm<BatchForm>();
  const { create } = useBatchMutations(project.id);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const status = Form.useWatch('status', form) ?? 'ready';
  const q = (Form.useWatch('q', form) ?? '').trim();
  const onlyUnbatched = Form.useWatch('onlyUnbatched', form) ?? true;
  const filterOf = (s: BatchForm['status'], text: string) => ({ ...(s !== 'any' ? { status: s } : {}), ...(text ? { q: text } : {}) });
  // The search asks once the typing pauses; until then the figure shown is the last one, and says nothing of the new text.
  const settledQ = useDebounced(q, 300);
  const selectionOf = (s: BatchForm['status'], text: string, unbatched: boolean): Selection =>
    ({ ...(chosen ? chosen.selection : { filter: filterOf(s, text) }), onlyUnbatched: unbatched });
  const preview = useBatchPreview(project.id, selectionOf(status, settledQ, onlyUnbatched));
  const nothingLeft = preview.data?.assets === 0 && settledQ === q && !preview.isPlaceholderData;
  const fields = ['name', 'selection.filter.status', 'selection.filter.q', 'selection.onlyUnbatched'];

  const submit = async () => {
    const v = await form.validateFields();
    if (nothingLeft) return; // said already, and Enter would only fetch the same refusal
    setRest([]);
    create.mutate(
      { name: v.name.trim(), selection: selectionOf(v.status, v.q?.trim() ?? '', v.onlyUnbatched) },
      {
        onSuccess: (b) => {
          message.success(t('tasks.batches.created', { name: b.name }));
          onClose();
        },
        onError: (err) => setRest(applyProblemToForm(form, err, fields, t)),
      },
    );
  };
  // The one refusal a manager meets in the normal course (everything is in a batch already): foreseen by the preview,
  // or met on making it should the preview be stale, and said in the page's language either way.
  const selectsNothing = nothingLeft || (create.error instanceof ApiError && create.error.fieldErrors.some((i) => i.code === 'empty_selection'));

  return (
    <Modal
      open
      title={t('tasks.batches.createTitle')}
      okText={t('tasks.batches.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      okButtonProps={{ disabled: nothingLeft }}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="batch-modal"
    >
      {selectsNothing ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16 }} title={t('tasks.batches.emptySelection')} description={t('tasks.batches.emptySelectionHint')} data-testid="batch-selects-nothing" />
      ) : (
        <ErrorAlert error={create.error} issues={rest} />
      )}
      <Form<BatchForm> form={form} layout="vertical" initialValues={{ status: 'ready', onlyUnbatched: true }} onFinish={() => void submit()} onValuesChange={() => create.reset()}>
        <Form.Item name="name" label={t('tasks.batches.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
          <Input placeholder={t('tasks.batches.namePlaceholder')} autoFocus />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 14 }}>
          {t('tasks.batches.selection')}
        </Typography.Title>
        {chosen ? (
          <Typography.Paragraph data-testid="batch-from-chosen">{t('tasks.batches.fromChosen', { count: chosen.count })}</Typography.Paragraph>
        ) : (
          <Flex gap={12} wrap>
            <Form.Item name={['status']} label={t('tasks.batches.status')} style={{ minWidth: 160 }}>
              <Select options={[{ value: 'any', label: t('assets.all') }, ...ASSET_STATUSES.map((s) => ({ value: s, label: t(`assets.statuses.${s}`) }))]} />
            </Form.Item>
            <Form.Item name={['q']} label={t('tasks.batches.search')} style={{ flex: 1, minWidth: 180 }} rules={[{ max: 200 }]}>
              <Input allowClear={clearable(t)} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="onlyUnbatched" valuePropName="checked">
          <Checkbox>{t('tasks.batches.onlyUnbatched')}</Checkbox>
        </Form.Item>
        {/* The dialog's own button is outside the form: this one lets Enter in a field submit it, as in any form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
        {preview.data?.assets ? (
          <Alert
            type="info"
            showIcon
            title={t('tasks.batches.takes', { count: preview.data.assets })}
            description={[
              t('tasks.batches.makes', { count: preview.data.annotateTasks, overlap: preview.data.overlap }),
              ...(preview.data.goldTasks ? [t('tasks.batches.goldMixed', { count: preview.data.goldTasks })] : []),
            ].join(' ')}
            data-testid="batch-preview"
          />
        ) : preview.isPending ? (
          <Alert type="info" showIcon title={t('common.loading')} />
        ) : null}
      </Form>
    </Modal>
  );
}
