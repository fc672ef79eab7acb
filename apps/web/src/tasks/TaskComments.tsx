import { CommentsPanel, type PinPoint, type Thread } from '@tessera/web/editor-ui';
import type { LiveSet } from '../annotations/AnnotationEditor';
import { ErrorAlert } from '../api/ErrorAlert';
import { useCommentMutations } from './api';

interface Props {
  taskId: string;
  /** Comments belong to the work: a review's go on its annotate task. */
  annotateTaskId: string;
  threads: Thread[];
  set: LiveSet;
  canComment: boolean;
  /** What a new comment will be pinned to. */
  selectedId: string | null;
  draftPoint: PinPoint | null;
  textAsset: boolean;
  onUnpin: () => void;
  onFocus: (annotationId: string) => void;
}

/** The shared comments panel on the task's comments: a new one pins to the selected object, or the point clicked. */
export function TaskComments({ taskId, annotateTaskId, threads, set, canComment, selectedId, draftPoint, textAsset, onUnpin, onFocus }: Props) {
  const { post, resolve } = useCommentMutations(taskId, annotateTaskId);
  const target = selectedId ? { object: set.nameOf(selectedId) } : draftPoint ? { point: true as const } : null;
  return (
    <CommentsPanel
      threads={threads}
      canComment={canComment}
      target={target}
      objectName={set.nameOf}
      textAsset={textAsset}
      posting={post.isPending}
      resolving={resolve.isPending ? resolve.variables?.id : null}
      error={<ErrorAlert error={post.error ?? resolve.error} />}
      onPost={async (body, replyTo) => {
        const pin = replyTo ? { parentId: replyTo.id } : selectedId ? { annotationId: selectedId } : draftPoint ? { point: draftPoint } : {};
        await post.mutateAsync({ body, ...pin });
        onUnpin();
      }}
      onResolve={(id, resolved) => resolve.mutate({ id, resolved })}
      onUnpin={onUnpin}
      onFocusThread={(th) => th.root.annotationId && onFocus(th.root.annotationId)}
    />
  );
}
