import { Injectable } from '@nestjs/common';
import type { CommittedOp } from '@tessera/contracts';
import { PubSub } from '@tessera/server/db';

export type CommitListener = (setId: string, ops: CommittedOp[]) => void;

/** One committed transaction: the ops it gave each set, in server_seq order. */
interface CommitMessage {
  sets: { setId: string; ops: CommittedOp[] }[];
}

const CHANNEL = 'annotation-commits';

/**
 * Every committed op batch, whoever committed it — an API process (REST or
 * /sync) or a worker (pre-annotation, imports, consensus). A commit reaches
 * this process's listeners at once and every other process's through Redis,
 * so the rooms on every API process hear it. A message lost with Redis costs
 * only freshness: clients see the gap in server_seq and catch up.
 */
@Injectable()
export class CommitFeed {
  private readonly listeners = new Set<CommitListener>();
  private stopRemote?: () => void;

  constructor(private readonly pubsub: PubSub) {}

  /** Called by the committer after COMMIT, once per transaction. */
  committed(sets: Map<string, CommittedOp[]>) {
    const message: CommitMessage = { sets: [] };
    for (const [setId, ops] of sets) if (ops.length) message.sets.push({ setId, ops });
    if (!message.sets.length) return;
    this.deliver(message);
    void this.pubsub.publish(CHANNEL, message);
  }

  /** Hears every commit of every process, in commit order per process. */
  onCommit(listener: CommitListener): () => void {
    this.stopRemote ??= this.pubsub.subscribe<CommitMessage>(CHANNEL, (message) => this.deliver(message), { own: false });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(message: CommitMessage) {
    for (const { setId, ops } of message.sets) this.listeners.forEach((l) => l(setId, ops));
  }
}
