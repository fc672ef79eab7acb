import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

// Their illustrations are large SVGs; this module is loaded only when one is shown.

/**
 * antd's illustration of a status, for a Result's `icon`, hidden from screen readers: its own title is English
 * ("Unauthorized", "No Found") and the Result's title says it in the page's language.
 */
export function StatusImage({ status }: { status: 403 | 404 }) {
  const Image = status === 403 ? Result.PRESENTED_IMAGE_403 : Result.PRESENTED_IMAGE_404;
  return (
    <div className="ant-result-image" aria-hidden>
      <Image />
    </div>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      icon={<StatusImage status={403} />}
      title={t('errors.forbidden')}
      subTitle={t('errors.forbiddenPage')}
      extra={
        <Button type="primary" onClick={() => navigate('/projects')}>
          {t('nav.projects')}
        </Button>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <Result icon={<StatusImage status={404} />} title={t('errors.notFound')} />;
}
