import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

// Their illustrations are large SVGs; this module is loaded only when one is shown.

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
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
  return <Result status="404" title={t('errors.notFound')} />;
}
