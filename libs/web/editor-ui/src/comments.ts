import type { Comment } from '@tessera/contracts';
import type { CommentPin, PinPoint } from './editor-props';

export interface Thread {
  /** The pin's number. */
  n: number;
  root: Comment;
  replies: Comment[];
}

/** Top-level comments in the order they were made, each with its replies; the number is the pin's. */
export function threadsOf(comments: readonly Comment[]): Thread[] {
  const byTime = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const roots = byTime.filter((c) => !c.parentId || !byTime.some((p) => p.id === c.parentId));
  return roots.map((root, i) => ({ n: i + 1, root, replies: byTime.filter((c) => c.parentId === root.id) }));
}

/** The pins of the threads that are pinned to something; the one being written is drawn hollow. */
export function pinsOf(threads: readonly Thread[], draftPoint: PinPoint | null = null): CommentPin[] {
  const pins: CommentPin[] = threads
    .filter((th) => th.root.annotationId || th.root.point)
    .map((th) => ({ n: th.n, annotationId: th.root.annotationId, point: th.root.point, resolved: !!th.root.resolvedAt }));
  return draftPoint ? [...pins, { n: 0, annotationId: null, point: draftPoint, resolved: false, draft: true }] : pins;
}
