import type { ReactNode } from 'react';
import type { Annotation, EditOp, Label, Peer, PresenceUpdate } from '@tessera/contracts';

/** What this person is doing, for the others in the room (sent throttled by the sync layer). */
export type PresenceOut = Omit<PresenceUpdate, 'setId'>;

/** A place in the asset's own coordinates: image pixels; a text offset in x; a DICOM slice's pixel with the slice in z. */
export interface PinPoint {
  x: number;
  y: number;
  z?: number;
}

/** A comment's marker: on an object, or at a place in the asset (PinPoint). */
export interface CommentPin {
  n: number;
  annotationId: string | null;
  point: PinPoint | null;
  resolved: boolean;
  /** Where the comment being written will be pinned: a hollow marker without a number. */
  draft?: boolean;
}

export interface EditorHistory {
  canUndo: boolean;
  canRedo: boolean;
  undo: () => void;
  redo: () => void;
}

export interface EditorConnection {
  status: 'online' | 'offline' | 'connecting';
  /** Changes not yet acknowledged by the server. */
  pending: number;
}

/** A section of the side column: the editor's own (objects, attributes) or the host's (comments, history). */
export interface EditorPanel {
  /** Stable: the section remembers whether it was open under this key. */
  key: string;
  title: ReactNode;
  children: ReactNode;
  /** Beside the title (a count, a switch). */
  extra?: ReactNode;
  /** Closed until someone opens it (its content is made then); open by default. */
  closed?: boolean;
  /** Opened each time it appears, whatever it was (a section that appears because it has something to say). */
  open?: boolean;
  /** On the whole section, title included. */
  testId?: string;
}

/**
 * The binding props: what every editor (image, text, DICOM) takes, so that
 * the host (apps/web/src/annotations/AnnotationEditor.tsx) mounts any of them
 * the same way. An editor knows nothing of HTTP or of the sync client; it
 * draws `annotations` and hands out ops.
 */
export interface EditorProps {
  /** The label schema's labels (colours, hotkeys, the tools each allows, typed attributes). */
  labels: readonly Label[];
  /**
   * The annotation set as it stands, in draw order. Predictions are the
   * annotations whose `source` is `model`; accepting or rejecting one is an
   * op like any other (see predictions.ts).
   */
  annotations: readonly Annotation[];
  /**
   * One call is one undo step. Not called while read-only. False: the host did
   * not take them (its rights went before `readOnly` caught up): the editor
   * takes back what it shows of them and says so, as nothing of them is saved.
   */
  onOps: (ops: EditOp[]) => boolean | void;
  /** Nothing may change: a review, submitted work, or no right to edit. Selecting and reading still work. */
  readOnly: boolean;
  /** Undo and redo are the sync layer's: each person undoes only their own changes. */
  history?: EditorHistory;
  /** The others in the room, with their cursors, selections and what they are doing. */
  peers?: readonly Peer[];
  onPresence?: (p: PresenceOut) => void;
  connection?: EditorConnection;
  /** Comments' markers, drawn where they belong. */
  pins?: readonly CommentPin[];
  /** A click on the asset outside any object while read-only: where a comment may be pinned. */
  onPoint?: (p: PinPoint) => void;
  /** Selects and reveals an object from outside (a comment's link, a problem in the list). */
  focusId?: string | null;
  onSelectionChange?: (ids: string[]) => void;
  /** The host's sections for the side column, after the editor's own. */
  panels?: readonly EditorPanel[];
}
