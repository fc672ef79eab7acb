// The editors' shared parts that need neither React nor a DOM: the binding props' types,
// the shortcut registry, prediction and comment helpers. Engines and unit tests import these.
export type { EditorProps, EditorPanel, EditorHistory, EditorConnection, CommentPin, PinPoint, PresenceOut } from './editor-props';
export { ShortcutRegistry, type Shortcut } from './shortcuts/registry';
export { comboOf, type KeyPress } from './shortcuts/keys';
export { labelShortcuts } from './shortcuts/labels';
export { threadsOf, pinsOf, type Thread } from './comments';
export { acceptOps, rejectOps, byThreshold, isPrediction } from './predictions';
export { newId } from './ids';
