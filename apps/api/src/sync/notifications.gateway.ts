import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { reachOf } from '@tessera/contracts';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { jobRunChannel, type JobRunAnnouncement } from '@tessera/server/jobs';
import { TaskNotifications, notificationChannel, type NotificationAnnouncement } from '@tessera/server/tasks';
import Redis from 'ioredis';
import { SyncServer, safeAck, userRoom, type SyncSocket } from './sync-server';

/**
 * What a person hears on /sync besides annotations: their in-app
 * notifications (every connection, from the start) and, after `jobs:watch`,
 * the progress of the job runs they may see. Same socket as the annotation
 * protocol; see SyncServer.
 */
@Injectable()
export class NotificationsGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('NotificationsGateway');
  /** Announcements from other processes: job runs' progress, and the worker's notifications. */
  private announcements?: Redis;
  private stopNotes?: () => void;

  constructor(
    private readonly server: SyncServer,
    private readonly notifications: TaskNotifications,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    server.onConnection((socket) => {
      socket.on('notifications:watch', (_req, ack) => safeAck(ack)({ ok: true }));
      socket.on('jobs:watch', (_req, ack) => void this.watchJobs(socket).then(safeAck(ack)));
    });
  }

  onApplicationBootstrap() {
    // A notification is made on the process that committed the change; the Redis adapter carries it to the person's rooms on every process.
    this.stopNotes = this.notifications.onNotify((orgId, userIds, n) => this.server.io?.to(userIds.map((u) => userRoom(orgId, u))).emit('notification', n));
    const jobRuns = jobRunChannel(this.config);
    const notes = notificationChannel(this.config);
    this.announcements = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.announcements.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    void this.announcements.subscribe(jobRuns, notes).catch((e) => this.log.warn(`announcements unavailable: ${e.message}`));
    this.announcements.on('message', (channel, message) => {
      let announcement;
      try {
        announcement = JSON.parse(message);
      } catch {
        return;
      }
      if (channel === jobRuns) this.relayJobRun(announcement);
      else if (channel === notes) this.relayNotification(announcement);
    });
  }

  async onApplicationShutdown() {
    this.stopNotes?.();
    await this.announcements?.quit().catch(() => undefined);
  }

  /** Job runs reach the rooms of the person who started them and of their organisation's staff. */
  private async watchJobs(socket: SyncSocket) {
    const { actor } = socket.data;
    const reach = reachOf(actor.role, 'jobs.read');
    if (!reach) return { ok: false };
    await socket.join(reach === 'org' ? `jobs:org:${actor.orgId}` : `jobs:user:${actor.orgId}:${actor.userId}`);
    return { ok: true };
  }

  /** A notification made on a process without sockets; every API process hears it, so each tells only its own. */
  private relayNotification(note: NotificationAnnouncement) {
    this.server.io?.local.to(note.userIds.map((u) => userRoom(note.orgId, u))).emit('notification', note.n);
  }

  private relayJobRun({ orgId, createdBy, ...update }: JobRunAnnouncement) {
    const rooms = [`jobs:org:${orgId}`, ...(createdBy ? [`jobs:user:${orgId}:${createdBy}`] : [])];
    // Every API process hears the announcement, so each tells only its own sockets.
    this.server.io?.local.to(rooms).emit('job-run', update);
  }
}
