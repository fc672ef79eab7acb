import { Form, Input, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../api/ErrorAlert';

/** A rejection says why: the comment goes back to the annotator with the work. */
export function RejectModal({ pending, error, openComments, onCancel, onReject }: { pending: boolean; error: unknown; openComments: number; onCancel: () => void; onReject: (comment: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment: string }>();
  const ok = async () => {
    const v = await form.validateFields();
    onReject(v.comment.trim());
  };
  return (
    <Modal
      open
      title={t('tasks.task.rejectTitle')}
      okText={t('tasks.task.reject')}
      okButtonProps={{ danger: true, 'data-testid': 'reject-ok' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="comment"
          label={t('tasks.task.rejectComment')}
          extra={openComments ? `${t('tasks.task.rejectCommentHint')} ${t('tasks.commentsCount', { count: openComments })}.` : t('tasks.task.rejectCommentHint')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 10_000 }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 10 }} data-testid="reject-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
