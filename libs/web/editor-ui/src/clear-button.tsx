import { CloseCircleFilled } from '@ant-design/icons';

/**
 * `allowClear` for an antd input or select, its button named in the page's language: an input's is otherwise named
 * by its icon's file name ("close-circle"), a select's "Clear" in every language.
 */
export function clearButton(label: string) {
  return { clearIcon: <CloseCircleFilled aria-label={label} />, label };
}
