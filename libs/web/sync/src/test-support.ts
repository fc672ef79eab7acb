import { applyOp, type AnnotationState, type CommittedOp, type CommittedOpBody, type OpResult } from '@tessera/contracts';

/**
 * A plain in-memory sequencer with the server's acceptance rule: the same
 * reducer, a create of an existing id or a change to a missing one refused,
 * and an op applied once by its (clientId, clientSeq). For tests only.
 */
export class SimServer {
  state: AnnotationState = new Map();
  seq = 0;
  log: CommittedOp[] = [];
  seen = new Map<string, number>();

  submit(actorId: string, ops: readonly CommittedOpBody[]): { results: OpResult[]; committed: CommittedOp[] } {
    const results: OpResult[] = [];
    const committed: CommittedOp[] = [];
    for (const op of ops) {
      const key = `${op.clientId}:${op.clientSeq}`;
      const before = this.seen.get(key);
      if (before !== undefined) {
        results.push({ clientSeq: op.clientSeq, status: 'committed', serverSeq: before });
        continue;
      }
      const at = new Date(Date.UTC(2025, 0, 1) + (this.seq + 1) * 1000).toISOString();
      const outcome = applyOp(this.state, structuredClone(op), actorId, at);
      if (outcome !== 'applied') {
        results.push({ clientSeq: op.clientSeq, status: 'rejected', code: outcome === 'exists' ? 'conflict' : 'not_found', message: outcome });
        continue;
      }
      const c: CommittedOp = { serverSeq: ++this.seq, actorId, at, op: structuredClone(op) };
      this.seen.set(key, c.serverSeq);
      this.log.push(c);
      committed.push(c);
      results.push({ clientSeq: op.clientSeq, status: 'committed', serverSeq: c.serverSeq });
    }
    return { results, committed };
  }

  after(seq: number) {
    return this.log.filter((c) => c.serverSeq > seq);
  }
}

/** A v4-shaped uuid from a number, so generated cases replay the same. */
export const uuidOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
