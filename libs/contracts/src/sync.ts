import { z } from 'zod';
import { uuid } from './common';
import type { Annotation, CommittedOp, OpResult } from './annotations';
import type { JobRun } from './jobs';
import type { Notification } from './tasks';

/**
 * The realtime protocol on Socket.IO at `/sync`. The client connects with
 * `auth: { token }` (an access token), joins one room per annotation set, sends
 * op batches and presence; the server acknowledges ops only after they are
 * committed, and broadcasts committed ops in server order to the room.
 *
 * Every client → server event but `presence` carries an acknowledgement
 * callback. `OpsReply.serverSeq` is the highest server_seq the batch got (0 if
 * none was committed), not the set's latest.
 */
export const SYNC_PATH = '/sync';

/** Presence updates a client may send per second; the rest are coalesced. */
export const PRESENCE_PER_SECOND = 20;
/** A delta further behind than this gets a snapshot instead. */
export const MAX_CATCHUP_OPS = 5000;

export const joinRequest = z
  .strictObject({
    /** The asset's working set… */
    assetId: uuid.optional(),
    /** …or a task's set (a review task joins the set of the work it reviews). */
    taskId: uuid.optional(),
    /** The last server_seq this client has applied; omitted for a fresh snapshot. */
    afterSeq: z.number().int().min(0).optional(),
  })
  .refine((j) => Boolean(j.assetId) !== Boolean(j.taskId), 'join names an assetId or a taskId');
export type JoinRequest = z.infer<typeof joinRequest>;

export const opsRequest = z.strictObject({ setId: uuid, ops: z.array(z.unknown()).min(1) });
export const catchupRequest = z.strictObject({ setId: uuid, afterSeq: z.number().int().min(0) });
export const leaveRequest = z.strictObject({ setId: uuid });

const vec = z.number().finite();
export const presenceUpdate = z.strictObject({
  setId: uuid,
  /** In the asset's own coordinates (image pixels, text offset, or slice + pixel). */
  cursor: z.strictObject({ x: vec, y: vec, slice: z.number().int().min(0).optional() }).nullable().optional(),
  selection: z.array(uuid).max(1000).optional(),
  viewport: z.strictObject({ x: vec, y: vec, width: vec, height: vec, zoom: vec.positive() }).nullable().optional(),
  /** What the person is doing to an object right now ("dragging", "editing"), for others to see. */
  activity: z.strictObject({ annotationId: uuid, kind: z.enum(['dragging', 'editing', 'drawing']) }).nullable().optional(),
});
export type PresenceUpdate = z.infer<typeof presenceUpdate>;

/** One person in a room (one entry per connection: the same person may have two windows). */
export interface Peer {
  sessionId: string;
  userId: string;
  name: string;
  color: string;
  canEdit: boolean;
  cursor?: PresenceUpdate['cursor'];
  selection?: string[];
  viewport?: PresenceUpdate['viewport'];
  activity?: PresenceUpdate['activity'];
  at: number;
}

export interface SyncProblem {
  status: number;
  title: string;
  detail: string;
  /** As a problem+json body's: a refusal a client words itself (ProblemParams), or the sync client's own. */
  code?: string;
  params?: Record<string, string>;
}

export type JoinReply =
  | {
      ok: true;
      setId: string;
      assetId: string;
      serverSeq: number;
      canEdit: boolean;
      you: { userId: string; sessionId: string; name: string; color: string };
      peers: Peer[];
      /** `snapshot`: start from `annotations`; `delta`: apply `ops` to what you had at afterSeq. */
      mode: 'snapshot' | 'delta';
      annotations?: Annotation[];
      ops?: CommittedOp[];
    }
  | { ok: false; problem: SyncProblem };

export type OpsReply = { ok: true; serverSeq: number; results: OpResult[] } | { ok: false; problem: SyncProblem };

export type CatchupReply =
  | { ok: true; serverSeq: number; mode: 'delta'; ops: CommittedOp[] }
  | { ok: true; serverSeq: number; mode: 'snapshot'; annotations: Annotation[] }
  | { ok: false; problem: SyncProblem };

/** A job run's moving parts, pushed while it runs (the rest of the run is read over REST). */
export type JobRunUpdate = Pick<JobRun, 'id' | 'type' | 'state' | 'progress' | 'counts'>;

/** Server → client events. */
export interface ServerEvents {
  ops: (msg: { setId: string; ops: CommittedOp[] }) => void;
  presence: (msg: { setId: string; peer: Peer }) => void;
  'presence:leave': (msg: { setId: string; sessionId: string }) => void;
  /** The server is about to close the connection (token expired, permission lost). */
  bye: (msg: { reason: string }) => void;
  /** Something happened that concerns this person (every connection hears its own person's). */
  notification: (n: Notification) => void;
  /** After `jobs:watch`: a run the connection may see moved. */
  'job-run': (run: JobRunUpdate) => void;
  /**
   * What this connection may do in a joined set changed (its task moved, a
   * project membership changed): decided by the server and pushed. `open`
   * false: the set is no longer open to the connection, which has left it.
   */
  rights: (msg: { setId: string; canEdit: boolean; open: boolean }) => void;
}

/** Client → server events, each with its acknowledgement. */
export interface ClientEvents {
  join: (req: JoinRequest, ack: (r: JoinReply) => void) => void;
  leave: (req: z.infer<typeof leaveRequest>, ack: (r: { ok: boolean }) => void) => void;
  ops: (req: z.infer<typeof opsRequest>, ack: (r: OpsReply) => void) => void;
  catchup: (req: z.infer<typeof catchupRequest>, ack: (r: CatchupReply) => void) => void;
  presence: (req: PresenceUpdate) => void;
  /** Hear this person's notifications (every connection does from the start; this only confirms it). */
  'notifications:watch': (req: Record<string, never>, ack: (r: { ok: boolean }) => void) => void;
  /** Push the job runs this person may see (their own; all of the organisation's for owners and admins). */
  'jobs:watch': (req: Record<string, never>, ack: (r: { ok: boolean }) => void) => void;
}
