import 'i18next';
import type { en } from './en';
import type { annotatorMessages } from '@tessera/web/image-annotator';
import type { editorMessages } from '@tessera/web/editor-ui';
import type { textAnnotatorMessages } from '@tessera/web/text-annotator/i18n';
import type { dicomViewerMessages } from '@tessera/web/dicom-viewer/i18n';

// Typed keys: a t('…') call with a key missing from the English resources is a
// compile error, and zh-CN must have the same shape as en.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; annotator: (typeof annotatorMessages)['en']; editor: (typeof editorMessages)['en']; textAnnotator: (typeof textAnnotatorMessages)['en']; dicomViewer: (typeof dicomViewerMessages)['en'] };
  }
}
