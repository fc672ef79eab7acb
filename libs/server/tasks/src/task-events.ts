import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Notification, WebhookEvent } from '@tessera/contracts';
import type { Config } from '@tessera/server/config';

export type NotificationListener = (orgId: string, userIds: string[], n: Notification) => void;

/**
 * What the task workflow tells the world once a change is committed: people
 * (in-app notifications, which the realtime gateway delivers) and other
 * systems (webhooks, through an outbox written in the same transaction).
 */
@Injectable()
export class TaskNotifications {
  private readonly listeners = new Set<NotificationListener>();

  onNotify(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(orgId: string, userIds: (string | null | undefined)[], n: Notification) {
    const to = [...new Set(userIds.filter((u): u is string => Boolean(u)))];
    if (to.length) this.listeners.forEach((l) => l(orgId, to, n));
  }
}

/**
 * Where a process without sockets (the worker) hands in-app notifications to the API processes, over Redis pub/sub;
 * each API process tells its own sockets. Lost while Redis is away, like the live pushes they are.
 */
export const notificationChannel = (config: Pick<Config, 'REDIS_PREFIX'>) => `${config.REDIS_PREFIX}:notifications`;
export interface NotificationAnnouncement {
  orgId: string;
  userIds: string[];
  n: Notification;
}

/** The webhook outbox as the workflow uses it (libs/server/webhooks provides it). */
export interface WebhookSink {
  record(em: EntityManager, orgId: string, events: readonly { event: WebhookEvent; payload: Record<string, unknown> }[]): Promise<string[]>;
  dispatch(orgId: string, deliveryIds: string[]): Promise<void>;
  /** record()'s insert as a CTE over `events`, a relation of (org_id, event, payload jsonb); answers the deliveries' ids. */
  deliveriesSql(events: string): string;
}
export const WEBHOOK_SINK = Symbol('WEBHOOK_SINK');

/**
 * What the workflow asks of quality control (libs/server/quality provides it):
 * whether someone's work must all be reviewed (their gold accuracy is too
 * low), why they may not take work (paused, not qualified), and to score
 * what was just submitted.
 */
export interface QualityGate {
  /** Whether the person's work on task `t` (an SQL alias) must all be reviewed (under full review in its project), as SQL. */
  mustReviewSql(t: string, user: string): string;
  refusal(projectId: string, userId: string): Promise<{ code: string; message: string } | null>;
  /** refusal()'s rule as an SQL condition on a project row `p` and a person (`user`, an SQL expression), for the claim's own statement. */
  mayTakeWorkSql(p: string, user: string): string;
  /** Writes the scoring run of work just submitted in the submit's transaction; returns how to queue it after COMMIT. */
  submitted(em: EntityManager, orgId: string, taskIds: string[]): Promise<() => Promise<void>>;
}
export const QUALITY_GATE = Symbol('QUALITY_GATE');
