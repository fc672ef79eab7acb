export { ImageAnnotator, useEditorState, type ImageAnnotatorProps } from './ImageAnnotator';
export { Editor, TOOLS, GEOMETRY_OF, type ToolName, type EditorImage } from './engine/editor';
export { annotatorMessages, registerAnnotatorMessages, NAMESPACE as ANNOTATOR_NAMESPACE } from './i18n';
export * from './playground/scene';
