import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from './session-store';
import { can, type Permission } from './permissions';

export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  const location = useLocation();
  if (status === 'needsSetup') return <Navigate to="/setup" replace />;
  if (status !== 'signedIn') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const role = useSession((s) => s.user?.role);
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!can(role, permission)) {
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
  return <>{children}</>;
}
