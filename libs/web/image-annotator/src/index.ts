export { ImageAnnotator, useEditorState, type ImageAnnotatorProps } from './ImageAnnotator';
export { Editor, TOOLS, GEOMETRY_OF, newId, type ToolName, type PresenceOut, type CommentPin, type EditorImage } from './engine/editor';
export { annotatorMessages, registerAnnotatorMessages, NAMESPACE as ANNOTATOR_NAMESPACE } from './i18n';
export { SHORTCUTS } from './shortcuts';
export * from './playground/scene';
