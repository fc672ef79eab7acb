import { Tag } from 'antd';
import { FileImageOutlined, FileTextOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MediaType } from '@tessera/contracts';

const MEDIA_STYLE: Record<MediaType, { color: string; icon: React.ReactNode }> = {
  image: { color: 'blue', icon: <FileImageOutlined aria-hidden /> },
  text: { color: 'green', icon: <FileTextOutlined aria-hidden /> },
  dicom: { color: 'purple', icon: <MedicineBoxOutlined aria-hidden /> },
};

export function MediaTypeTag({ type }: { type: MediaType }) {
  const { t } = useTranslation();
  return (
    <Tag color={MEDIA_STYLE[type].color} icon={MEDIA_STYLE[type].icon}>
      {t(`mediaTypes.${type}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: 'active' | 'archived' }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'success' : 'default'}>{t(`projects.status.${status}`)}</Tag>;
}
