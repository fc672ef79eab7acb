import { useCallback } from 'react';
import { App, Button } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Socket } from 'socket.io-client';
import type { ClientEvents, Notification, ServerEvents } from '@tessera/contracts';
import { SIGN } from '../shell/icon-labels';

/**
 * Listens for this person's notifications; the returned function confirms the
 * watch, to be called on every (re)connect (the server sends them to every
 * connection of the person anyway).
 */
export function watchNotifications(socket: Socket<ServerEvents, ClientEvents>, onNotification: (n: Notification) => void) {
  socket.on('notification', onNotification);
  return () => socket.emit('notifications:watch', {}, () => undefined);
}

/** Shows a notification as an antd notification and refreshes what it changed. */
export function useNotificationHandler() {
  const { notification } = App.useApp();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useCallback(
    (n: Notification) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['task-comments'] });
      const key = `${n.kind}:${n.taskId ?? n.batchId ?? n.at}`;
      const type = n.kind === 'task.rejected' ? 'warning' : n.kind === 'task.accepted' ? 'success' : 'info';
      notification.open({
        key,
        type,
        icon: SIGN[type],
        // A rejection asks for action: it stays until closed rather than leaving on a timer (WCAG 2.2.1).
        duration: n.kind === 'task.rejected' ? 0 : undefined,
        title: t(`tasks.notifications.${n.kind}`),
        description: [n.by && t('tasks.notifications.by', { name: n.by.name }), n.message].filter(Boolean).join(' — ') || undefined,
        actions: n.taskId ? (
          <Button size="small" type="primary" onClick={() => (notification.destroy(key), navigate(`/tasks/${n.taskId}`))}>
            {t('tasks.notifications.open')}
          </Button>
        ) : undefined,
      });
    },
    [notification, t, navigate, queryClient],
  );
}
