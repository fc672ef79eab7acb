import { Suspense, useState } from 'react';
import { Avatar, Button, Dropdown, Flex, Layout, Menu, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { ApiOutlined, AuditOutlined, CheckSquareOutlined, CloudDownloadOutlined, CodeOutlined, DashboardOutlined, DownOutlined, KeyOutlined, LogoutOutlined, ProjectOutlined, RobotOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveJobRuns } from '../jobs/live';
import { useNotificationHandler } from '../tasks/notifications';
import { http } from '../api/client';
import { useSession } from '../auth/session-store';
import { can } from '../auth/permissions';
import { ChangePasswordModal } from '../auth/ChangePasswordModal';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Logo } from './Logo';
import { PageFallback } from './lazy-page';
import { useMessage } from './icon-labels';

const WORKSPACE = /^\/(tasks\/[^/]+|projects\/[^/]+\/assets\/[^/]+\/live)\/?$/;

/** bull-board, served by the API (apps/api/src/system/queue-board.ts). */
const QUEUE_BOARD = '/admin/queues';

export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useLiveJobRuns(useNotificationHandler());
  const { user, signOut } = useSession();
  const [pwOpen, setPwOpen] = useState(false);
  const [narrow, setNarrow] = useState(false);
  // A work page (a task, an asset live) gives the editor the screen: the menu shows its icons only.
  const workspace = WORKSPACE.test(location.pathname);
  const { token } = theme.useToken();
  const role = user?.role;
  const message = useMessage();

  const items: MenuProps['items'] = [
    { key: '/projects', icon: <ProjectOutlined aria-hidden />, label: t('nav.projects') },
    can(role, 'workTasks') && { key: '/tasks', icon: <CheckSquareOutlined aria-hidden />, label: t('tasks.nav') },
    can(role, 'downloadReleases') && { key: '/releases', icon: <CloudDownloadOutlined aria-hidden />, label: t('exports.mine.nav') },
    can(role, 'viewMembers') && { key: '/members', icon: <TeamOutlined aria-hidden />, label: t('nav.members') },
    { key: '/jobs', icon: <ScheduleOutlined aria-hidden />, label: t('nav.jobs') },
    can(role, 'viewAudit') && { key: '/audit', icon: <AuditOutlined aria-hidden />, label: t('nav.audit') },
    can(role, 'manageWebhooks') && { key: '/webhooks', icon: <ApiOutlined aria-hidden />, label: t('webhooks.nav') },
    can(role, 'manageModels') && { key: '/models', icon: <RobotOutlined aria-hidden />, label: t('models.nav') },
    can(role, 'viewQueues') && { key: QUEUE_BOARD, icon: <DashboardOutlined aria-hidden />, label: t('nav.queues') },
  ].filter((i) => !!i);
  const selected = '/' + (location.pathname.split('/')[1] ?? '');

  // The board is a page of the server's (bull-board), not of the app: it gets the session as a cookie, then the browser goes there.
  const openQueueBoard = async () => {
    try {
      await http.post('/admin/queues/session');
      window.location.assign(QUEUE_BOARD);
    } catch (e) {
      void message.error(t('nav.queuesFailed', { message: (e as Error).message }));
    }
  };

  const logout = async () => {
    try {
      await http.post('/auth/logout', undefined, { auth: false });
    } finally {
      signOut();
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined aria-hidden />, label: t('shell.changePassword') },
      { key: 'api-tokens', icon: <CodeOutlined aria-hidden />, label: t('shell.apiTokens') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: t('shell.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void logout();
      else if (key === 'api-tokens') navigate('/api-tokens');
      // After the key's events: chosen with Enter, the dialog's first field would take the focus in time for the
      // same key's keypress, which submits the empty form.
      else setTimeout(() => setPwOpen(true));
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <Layout.Sider breakpoint="lg" onBreakpoint={setNarrow} collapsed={narrow || workspace} collapsedWidth={64} width={220} theme="dark">
        <div style={{ padding: '18px 20px' }}>
          <Logo dark compact={narrow || workspace} />
        </div>
        <nav aria-label={t('shell.mainNavigation')}>
          <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => (key === QUEUE_BOARD ? void openQueueBoard() : navigate(key))} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: token.colorBgContainer, padding: '0 24px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text type="secondary" data-testid="org-name">
              {user?.orgName}
            </Typography.Text>
            <Flex gap={12} align="center">
              <LanguageSwitcher />
              {/* autoFocus: opened from the keyboard, the menu takes the focus, so the arrows move in it (Tab alone otherwise). */}
              <Dropdown menu={userMenu} trigger={['click']} autoFocus>
                {/* Named by what it shows, then what it is: a spoken name must contain the visible text (WCAG 2.5.3). */}
                <Button type="text" data-testid="user-menu">
                  <Avatar size="small" style={{ background: token.colorPrimary }} aria-hidden>
                    {user?.name.slice(0, 1).toUpperCase()}
                  </Avatar>
                  <span>{user?.name}</span>
                  <Typography.Text type="secondary">· {role && t(`roles.${role}`)}</Typography.Text>
                  <span className="sr-only">{t('shell.userMenu')}</span>
                  <DownOutlined aria-hidden />
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} style={{ padding: workspace ? '12px 16px' : 24, outline: 'none' }}>
          {/* The shell stays while a page's module arrives. */}
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
