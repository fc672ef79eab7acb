import { Suspense, useEffect, useMemo } from 'react';
import { Alert, App as AntApp, Button, ConfigProvider, Flex, Spin } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { SetupStatus } from './setup/types';
import { ApiError, http, refreshSession } from './api/client';
import { useSession } from './auth/session-store';
import { RequireAuth, RequirePermission } from './auth/guards';
import { LoginPage } from './auth/LoginPage';
import { ANTD_LOCALE, currentLanguage } from './i18n';
import { THEME } from './shell/theme';
import { iconLabels } from './shell/icon-config';
import { ActivityIndicator } from './shell/ActivityIndicator';
import { PageFallback } from './shell/lazy-page';
import { LiveRoute } from './annotations/LiveRoute';
import { TaskRoute } from './tasks/TaskRoute';
import {
  AcceptInvitePage, AppShell, AuditPage, DicomViewerPlayground, ImageAnnotatorPlayground, TextAnnotatorPlayground, JobsPage, MembersPage, MyTasksPage,
  MyReleasesPage, NotFoundPage, ProjectCreatePage, ProjectEditPage, ProjectsPage, SetupPage, WebhooksPage, ModelsPage, ApiTokensPage,
} from './pages';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

/** Decides where a fresh page load stands: first run, signed in again via the cookie, or signed out. */
async function bootstrap() {
  const { setStatus } = useSession.getState();
  // Both questions at once: asked in turn they were two round trips before any page could start. A refresh
  // cannot succeed where setup is still to be done (there is no account yet) or the API is unreachable.
  const signedIn = refreshSession();
  try {
    const setup = await http.get<SetupStatus>('/setup', undefined, { auth: false });
    if (setup.needsSetup) return setStatus('needsSetup');
  } catch {
    return setStatus('unreachable');
  }
  if (!(await signedIn)) setStatus('anonymous');
}

function Boot({ children }: { children: React.ReactNode }) {
  const status = useSession((s) => s.status);
  const { t } = useTranslation();
  useEffect(() => {
    if (useSession.getState().status === 'loading') void bootstrap();
  }, []);
  if (status === 'loading') {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" aria-label={t('common.loading')} />
      </Flex>
    );
  }
  if (status === 'unreachable') {
    return (
      // An alert, not antd's Result: that brings every status illustration into the first script.
      <Flex component="main" justify="center" style={{ padding: '64px 16px' }}>
        <Alert
          type="error"
          showIcon
          style={{ maxWidth: 520, width: '100%' }}
          title={t('errors.unreachable')}
          description={t('errors.unreachableHint')}
          action={
            <Button
              type="primary"
              onClick={() => {
                useSession.getState().setStatus('loading');
                void bootstrap();
              }}
            >
              {t('common.retry')}
            </Button>
          }
        />
      </Flex>
    );
  }
  return <>{children}</>;
}

/** Every Spin's indicator, and a busy button's (see ActivityIndicator). */
const SPIN = { indicator: <ActivityIndicator /> };
const BUTTON = { loadingIcon: <ActivityIndicator /> };

export function App() {
  const { t } = useTranslation(); // re-renders the providers when the language changes
  // New only with the language: each new object would re-render every antd component under the provider.
  const icons = useMemo(() => iconLabels(t), [t]);
  return (
    <ConfigProvider locale={ANTD_LOCALE[currentLanguage()]} theme={THEME} spin={SPIN} button={BUTTON} {...icons}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={<PageFallback />}>
            <Routes>
              {/* The editors on their own, with no server and no account: for trying them and for the canvas, text and DICOM benchmarks. */}
              <Route path="/playground/image-annotator" element={<ImageAnnotatorPlayground />} />
              <Route path="/playground/text-annotator" element={<TextAnnotatorPlayground />} />
              <Route path="/playground/dicom-viewer" element={<DicomViewerPlayground />} />
              <Route path="*" element={<Boot><Routes>
                <Route path="/setup" element={<SetupPage />} />
                <Route path="/login" element={<LoginPage />} />
                <Route path="/invite/:token" element={<AcceptInvitePage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppShell />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Navigate to="/projects" replace />} />
                  <Route path="/projects" element={<ProjectsPage />} />
                  <Route
                    path="/projects/new"
                    element={
                      <RequirePermission permission="manageProjects">
                        <ProjectCreatePage />
                      </RequirePermission>
                    }
                  />
                  <Route path="/projects/:id" element={<ProjectEditPage />} />
                  {/* The Data tab of the project page, with a URL of its own to link to. */}
                  <Route
                    path="/projects/:id/assets"
                    element={
                      <RequirePermission permission="viewData">
                        <ProjectEditPage />
                      </RequirePermission>
                    }
                  />
                  {/* One asset edited live by everyone who opens it (the real editors come later). */}
                  <Route
                    path="/projects/:id/assets/:assetId/live"
                    element={
                      <RequirePermission permission="viewData">
                        <LiveRoute />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="/members"
                    element={
                      <RequirePermission permission="viewMembers">
                        <MembersPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="/audit"
                    element={
                      <RequirePermission permission="viewAudit">
                        <AuditPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="/webhooks"
                    element={
                      <RequirePermission permission="manageWebhooks">
                        <WebhooksPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="/models"
                    element={
                      <RequirePermission permission="manageModels">
                        <ModelsPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="/jobs" element={<JobsPage />} />
                  {/* Everyone's own tokens (operators see everyone's): reached from the account menu. */}
                  <Route path="/api-tokens" element={<ApiTokensPage />} />
                  {/* Work distribution: an annotator's or reviewer's tasks, and one task. */}
                  <Route
                    path="/tasks"
                    element={
                      <RequirePermission permission="workTasks">
                        <MyTasksPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="/tasks/:id" element={<TaskRoute />} />
                  {/* Releases granted to me (a consumer's way to the data). */}
                  <Route
                    path="/releases"
                    element={
                      <RequirePermission permission="downloadReleases">
                        <MyReleasesPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes></Boot>} />
            </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
