import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Asset, MediaType } from '@tessera/contracts';
import type { EditorProps } from '@tessera/web/editor-ui';

/** An editor as the host mounts it: the binding props, and the asset whose media it loads (through signed URLs). */
export type MediaEditorProps = EditorProps & { asset: Asset };

/**
 * The editor of each media type. An editor joins the host by getting an
 * adapter here: a default-exported component that loads its media and
 * renders the library's editor with the binding props. Each is its own
 * chunk, fetched the first time an asset of its kind opens.
 */
export const EDITORS: Record<MediaType, LazyExoticComponent<ComponentType<MediaEditorProps>>> = {
  image: lazy(() => import('./ImageEditor')),
  text: lazy(() => import('./TextEditor')),
  dicom: lazy(() => import('./DicomEditor')),
};
