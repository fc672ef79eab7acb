import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { io, type Socket } from 'socket.io-client';
import { SYNC_PATH, type ClientEvents, type JobRun, type JobRunUpdate, type Notification, type ServerEvents } from '@tessera/contracts';
import { refreshSession } from '../api/client';
import { useSession } from '../auth/session-store';
import { watchNotifications } from '../tasks/notifications';

let live = false;
/** Whether job runs are being pushed right now; polling slows down to a safety net while they are. */
export const jobRunsArePushed = () => live;

function apply(queryClient: QueryClient, update: JobRunUpdate) {
  queryClient.setQueryData<JobRun>(['job-runs', 'one', update.id], (old) => (old ? { ...old, ...update } : old));
  // A finished run carries more than the push does (errors, result): read it once more.
  if (update.state === 'succeeded' || update.state === 'failed' || update.state === 'cancelled') void queryClient.invalidateQueries({ queryKey: ['job-runs'] });
}

/**
 * One app-wide connection to /sync for pushed job-run progress and in-app
 * notifications. The token is read at every (re)connect; when the server says
 * it expired, the session is refreshed first.
 */
export function useLiveJobRuns(onNotification?: (n: Notification) => void) {
  const queryClient = useQueryClient();
  const notify = useRef(onNotification);
  notify.current = onNotification;
  const signedIn = useSession((s) => s.status === 'signedIn');
  useEffect(() => {
    if (!signedIn) return;
    const socket: Socket<ServerEvents, ClientEvents> = io({
      path: SYNC_PATH,
      transports: ['websocket'],
      auth: (cb) => cb({ token: useSession.getState().accessToken ?? '' }),
    });
    const watchNotes = watchNotifications(socket, (n) => notify.current?.(n));
    const watch = () => {
      socket.emit('jobs:watch', {}, (r) => (live = r.ok));
      watchNotes();
    };
    socket.on('connect', watch);
    socket.on('disconnect', () => (live = false));
    socket.on('job-run', (update) => apply(queryClient, update));
    const renew = async () => {
      if (await refreshSession()) socket.connect();
    };
    socket.on('bye', (m) => m.reason === 'token expired' && void renew());
    socket.on('connect_error', (e) => e.message.startsWith('unauthorized') && void renew());
    return () => {
      live = false;
      socket.close();
    };
  }, [signedIn, queryClient]);
}
