import { Button, Popconfirm } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CONFIRM_ICON } from './icon-labels';

interface Props {
  /** The question, naming what goes. */
  title: string;
  /** What goes with it, for good. */
  consequence: string;
  label: string;
  /** A name that tells this button from its neighbours' (a row's), beginning with the label. */
  ariaLabel?: string;
  loading: boolean;
  onConfirm: () => Promise<unknown>;
  testId: string;
}

/** A button that deletes for good, after a confirmation that says what goes with it. */
export function DeleteButton({ title, consequence, label, ariaLabel, loading, onConfirm, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Popconfirm icon={CONFIRM_ICON} title={title} description={consequence} okText={label} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={onConfirm}>
      <Button danger icon={<DeleteOutlined aria-hidden />} loading={loading} aria-label={ariaLabel} data-testid={testId}>{label}</Button>
    </Popconfirm>
  );
}
