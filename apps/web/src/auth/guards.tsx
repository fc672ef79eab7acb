import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ForbiddenPage } from '../pages';
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
  if (!can(role, permission)) return <ForbiddenPage />;
  return <>{children}</>;
}
