import type { Dispatch, RefObject, SetStateAction } from 'react';
import type { TFunction } from 'i18next';
import type { Annotation, Label } from '@tessera/contracts';
import type { EditorProps } from '@tessera/web/editor-ui';
import type { Layout, PlacedSpan } from './engine/layout';
import type { PlacedRelation } from './engine/relations';
import type { Precision } from './engine/tokens';
import type { NAMESPACE } from './i18n';
import type { Index } from './kept-index';
import type { Relating } from './RelatingBar';

/**
 * The editor's state as of one render, and what changes it: what the
 * editor's actions (keys, the mouse, relations, the side panels), written in
 * modules of their own, read and call.
 */
export interface EditorContext {
  props: EditorProps & { text: string };
  text: string;
  readOnly: boolean;
  t: TFunction<typeof NAMESPACE>;
  viewRef: RefObject<HTMLDivElement | null>;
  layout: Layout;
  placed: readonly PlacedSpan[];
  relations: readonly PlacedRelation[];
  spanById: Index<PlacedSpan>;
  byId: Index<Annotation>;
  labelOf: ReadonlyMap<string, Label>;
  relationLabels: readonly Label[];
  selection: readonly string[];
  anchor: number;
  focus: number;
  precision: Precision;
  relating: Relating | null;
  /** The label last applied (the one the mouse applies). */
  labelId: string | null;
  setAnchor: Dispatch<SetStateAction<number>>;
  setFocus: Dispatch<SetStateAction<number>>;
  setSelection: Dispatch<SetStateAction<string[]>>;
  setRelating: Dispatch<SetStateAction<Relating | null>>;
  announce: (s: string) => void;
  /** The document's text from a to b, cut to 80 characters. */
  quote: (a: number, b: number) => string;
  spanText: (id: string | null) => string;
  /** Scrolls the row holding an offset into view. */
  reveal: (at: number) => void;
  select: (ids: string[]) => void;
  /** Where row r's text ends (before its line break). */
  rowTextEnd: (r: number) => number;
}
