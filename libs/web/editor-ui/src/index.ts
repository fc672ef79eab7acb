export * from './core';
export { EditorFrame, type EditorFrameProps } from './frame/EditorFrame';
export { ObjectList, type ObjectListProps } from './panels/ObjectList';
export { AttributesPanel, type AttributesPanelProps } from './panels/AttributesPanel';
export { PredictionReview, type PredictionReviewProps } from './panels/PredictionReview';
export { CommentsPanel, type CommentsPanelProps } from './panels/CommentsPanel';
export { ShortcutSheet } from './panels/ShortcutSheet';
export { ShortcutContext, useShortcuts, useShortcutRegistry, useRegisteredShortcuts } from './shortcuts/react';
export { editorMessages, registerEditorMessages, NAMESPACE as EDITOR_NAMESPACE } from './i18n';
