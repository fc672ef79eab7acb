import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { Asset, MediaType } from '@tessera/contracts';
import { prefetchAssetFiles } from '../../assets/api';
import type { EditorProps } from '@tessera/web/editor-ui';

/** An editor as the host mounts it: the binding props, and the asset whose media it loads (through signed URLs). */
export type MediaEditorProps = EditorProps & { asset: Asset };

/** An editor's chunk: the component, and what it starts ahead of its mounting once its code is in. */
interface EditorModule {
  default: ComponentType<MediaEditorProps>;
  prepare?: () => void;
}

/** Each editor's chunk: `EDITORS` renders it, `prepareEditor` starts fetching it early. */
const LOADERS: Record<MediaType, () => Promise<EditorModule>> = {
  image: () => import('./ImageEditor'),
  text: () => import('./TextEditor'),
  dicom: () => import('./DicomEditor'),
};

/**
 * The editor of each media type. An editor joins the host by getting an
 * adapter here: a default-exported component that loads its media and
 * renders the library's editor with the binding props. Each is its own
 * chunk, fetched the first time an asset of its kind opens.
 */
export const EDITORS: Record<MediaType, LazyExoticComponent<ComponentType<MediaEditorProps>>> = {
  image: lazy(LOADERS.image),
  text: lazy(LOADERS.text),
  dicom: lazy(LOADERS.dicom),
};

/** Assets whose loads prepareEditor has under way. */
const preparing = new Set<string>();

/**
 * Starts, all at once, what the asset's editor will otherwise ask for one
 * after the other once it mounts: its chunk (the DICOM one is Cornerstone,
 * megabytes) and what the chunk prepares (the image editor's workers), the
 * asset's signed file list and, for a series, the bytes of
 * the slice shown first (the middle one), into the browser's HTTP cache,
 * where the viewer's loader then finds them (or joins the request still in
 * flight). The host calls it as soon as it knows the asset, while the
 * annotation set is still being opened. Measured on the dicom bench, the
 * chain chunk → file list → first slice had been strictly serial.
 */
export function prepareEditor(qc: QueryClient, asset: Pick<Asset, 'id' | 'kind' | 'status'>) {
  // Asked twice for one asset (the live page as the asset arrives, the host as it mounts): the slice goes out once.
  if (asset.status !== 'ready' || preparing.has(asset.id)) return;
  preparing.add(asset.id);
  void LOADERS[asset.kind]()
    .then((editor) => editor.prepare?.())
    .catch(() => undefined); // a failed chunk is reported where it is rendered
  void prefetchAssetFiles(qc, asset.id)
    .then((files) => {
      if (asset.kind !== 'dicom') return;
      const instances = files.items.filter((f) => f.kind === 'instance');
      const middle = instances[Math.floor(instances.length / 2)];
      // The body is read so the response completes into the cache; the viewer asks for the same URL.
      if (middle) return fetch(middle.url, { priority: 'high' } as RequestInit).then((r) => r.arrayBuffer());
    })
    .catch(() => undefined) // the editor asks again and shows the error
    .finally(() => preparing.delete(asset.id));
}
