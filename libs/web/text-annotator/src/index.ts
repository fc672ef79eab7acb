export { TextAnnotator, type TextAnnotatorProps } from './TextAnnotator';
export { snapRange, nextStop, previousStop, wordAt, graphemeBoundary, codePointOffset, type Precision } from './engine/tokens';
export { textAnnotatorMessages, registerTextAnnotatorMessages, NAMESPACE as TEXT_ANNOTATOR_NAMESPACE } from './i18n';
export * from './playground/document';
