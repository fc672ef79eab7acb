export { ImageAnnotator, useEditorState, type ImageAnnotatorProps } from './ImageAnnotator';
export { Editor, type EditorImage } from './engine/editor';
export { prepareWorkers as prepareImageEditor } from './engine/workers';
export { TOOLS, GEOMETRY_OF, type ToolName } from './engine/tools';
export { annotatorMessages, registerAnnotatorMessages, NAMESPACE as ANNOTATOR_NAMESPACE } from './i18n';
export * from './playground/scene';
