import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorFrame, ObjectList } from '@tessera/web/editor-ui';
import type { MediaEditorProps } from './index';

/** The selection of a read-only stand-in: its own, following `focusId`, reported like an editor's. */
export function usePreviewSelection({ focusId, onSelectionChange }: Pick<MediaEditorProps, 'focusId' | 'onSelectionChange'>) {
  const [selection, setSelection] = useState<string[]>([]);
  useEffect(() => {
    if (focusId) setSelection([focusId]);
  }, [focusId]);
  const select = (ids: string[]) => {
    setSelection(ids);
    onSelectionChange?.(ids);
  };
  return [selection, select] as const;
}

/**
 * The editors' frame around a read-only stand-in for an editor still to come:
 * its annotations listed beside it, the host's panels after them.
 */
export function PreviewFrame({ testId, editor, selection, onSelect, children }: { testId: string; editor: MediaEditorProps; selection: readonly string[]; onSelect: (ids: string[]) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const { labels, annotations, pins, peers, connection, panels = [] } = editor;
  return (
    <EditorFrame
      testId={testId}
      readOnly
      connection={connection}
      peers={peers}
      pins={pins}
      labels={labels}
      hint={t('tasks.task.editorLater')}
      panels={[{ key: 'objects', title: t('live.objects', { count: annotations.length }), children: <ObjectList objects={annotations} labels={labels} selection={selection} onSelect={(ids) => onSelect(ids)} /> }, ...panels]}
    >
      {children}
    </EditorFrame>
  );
}
