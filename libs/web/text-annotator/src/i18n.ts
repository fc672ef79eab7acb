import type { i18n as I18n } from 'i18next';

/** The text editor's own words, in the `textAnnotator` namespace; the app registers them with its i18next. */
export const NAMESPACE = 'textAnnotator';

const en = {
  document: 'Text to annotate. Arrows move the caret by word, Shift+arrows select, a label’s key labels the selection. Press ? for all keys.',
  toolbar: 'Text tools',
  labels: 'Labels',
  apply: 'Label the selection “{{name}}”',
  precision: 'Character precision',
  precisionHelp: 'Select single characters instead of whole words',
  lineNumbers: 'Line {{n}}',
  spanOf: '{{label}}: “{{text}}”',
  announce: {
    added: 'Labelled “{{text}}” as {{label}}',
    removed: 'Removed {{label}} “{{text}}”',
    selected: '{{label}}: “{{text}}”, characters {{start}} to {{end}}',
    selection: 'Selected “{{text}}”',
    nothing: 'Select some text first',
  },
  hints: {
    edit: 'Drag or double-click to select, or move the caret with the arrows and Shift+arrows; then press a label’s key or click the label.',
    review: 'Read-only: click a span to select it, or click the text to pin a comment there.',
    readOnly: 'Read-only: click a span to select it.',
  },
  sheet: { groups: { caret: 'Caret and selection', edit: 'Editing', labels: 'Labels' } },
  actions: {
    caretNext: 'Caret to the next word (character with character precision)',
    caretPrevious: 'Caret to the previous word',
    caretDown: 'Caret a line down',
    caretUp: 'Caret a line up',
    extendNext: 'Extend the selection to the next word',
    extendPrevious: 'Extend the selection back a word',
    extendDown: 'Extend the selection a line down',
    extendUp: 'Extend the selection a line up',
    lineStart: 'Caret to the start of the line',
    lineEnd: 'Caret to the end of the line',
    delete: 'Delete the selected span',
    cancel: 'Clear the selection',
    nextSpan: 'Next span',
    previousSpan: 'Previous span',
    precision: 'Switch word and character precision',
  },
};

type Messages = typeof en;
type Deep<T> = { [K in keyof T]: T[K] extends string ? string : Deep<T[K]> };

const zhCN: Deep<Messages> = {
  document: '待标注文本。方向键按词移动光标，Shift+方向键选择，按标签的快捷键为选中内容加标签。按 ? 查看全部快捷键。',
  toolbar: '文本工具',
  labels: '标签',
  apply: '将选中内容标为“{{name}}”',
  precision: '按字符选择',
  precisionHelp: '选择单个字符，而不是整个词',
  lineNumbers: '第 {{n}} 行',
  spanOf: '{{label}}：“{{text}}”',
  announce: {
    added: '已将“{{text}}”标为{{label}}',
    removed: '已删除{{label}}“{{text}}”',
    selected: '{{label}}：“{{text}}”，第 {{start}} 至 {{end}} 个字符',
    selection: '已选择“{{text}}”',
    nothing: '请先选择文本',
  },
  hints: {
    edit: '拖动或双击选择文本，或用方向键和 Shift+方向键移动光标、扩展选择；然后按标签的快捷键或点击标签。',
    review: '只读：点击文本片段将其选中，或点击文本在该处添加评论。',
    readOnly: '只读：点击文本片段将其选中。',
  },
  sheet: { groups: { caret: '光标与选择', edit: '编辑', labels: '标签' } },
  actions: {
    caretNext: '光标移到下一个词（按字符选择时为下一个字符）',
    caretPrevious: '光标移到上一个词',
    caretDown: '光标下移一行',
    caretUp: '光标上移一行',
    extendNext: '选择扩展到下一个词',
    extendPrevious: '选择向前收回一个词',
    extendDown: '选择向下扩展一行',
    extendUp: '选择向上扩展一行',
    lineStart: '光标移到行首',
    lineEnd: '光标移到行尾',
    delete: '删除所选文本片段',
    cancel: '清除选择',
    nextSpan: '下一个文本片段',
    previousSpan: '上一个文本片段',
    precision: '切换按词或按字符选择',
  },
};

export const textAnnotatorMessages = { en, 'zh-CN': zhCN };

/** Adds the editor's messages to an i18next instance (the app's, or a test page's). */
export function registerTextAnnotatorMessages(i18n: I18n) {
  for (const [lng, messages] of Object.entries(textAnnotatorMessages)) i18n.addResourceBundle(lng, NAMESPACE, messages, true, false);
}
