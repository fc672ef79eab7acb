import { App } from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import { createElement, useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditOp } from '@tessera/contracts';
import type { EditorProps } from './editor-props';
import { NAMESPACE } from './i18n';

/** antd's own sign would be read out by its file name ("exclamation-circle") before the notice. */
const WARNING_SIGN = createElement(ExclamationCircleFilled, { 'aria-hidden': true });

/**
 * Tells the person that a change of theirs was not kept (the host turned it away: its rights went before
 * `readOnly` caught up): one message however many changes went at once, in the language shown now. The function
 * keeps its identity.
 */
export function useNotSavedNotice(): () => void {
  const { message } = App.useApp();
  const { t } = useTranslation(NAMESPACE);
  const latest = useRef({ message, t });
  latest.current = { message, t };
  return useCallback(() => void latest.current.message.warning({ content: latest.current.t('notSaved'), key: 'editor-not-saved', icon: WARNING_SIGN }), []);
}

/**
 * How an editor hands its ops to the host: refused (false), nothing of them is in the set, so the editor shows
 * nothing of them, and the person is told rather than left to think the change was kept. The function keeps its
 * identity; it reads the latest `onOps`.
 */
export function useSendOps(onOps: EditorProps['onOps']): (ops: EditOp[]) => boolean {
  const notSaved = useNotSavedNotice();
  const latest = useRef(onOps);
  latest.current = onOps;
  return useCallback(
    (ops: EditOp[]) => {
      if (latest.current(ops) !== false) return true;
      notSaved();
      return false;
    },
    [notSaved],
  );
}
