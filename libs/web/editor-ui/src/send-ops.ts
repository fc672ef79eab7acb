import { App } from 'antd';
import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditOp } from '@tessera/contracts';
import type { EditorProps } from './editor-props';
import { NAMESPACE } from './i18n';

/**
 * How an editor hands its ops to the host. The host refuses them (false) when its rights went before `readOnly`
 * caught up; nothing of them is then in the set, so the editor shows nothing of them, and the person is told,
 * rather than left to think the change was kept. The function keeps its identity; it reads the latest `onOps`.
 */
export function useSendOps(onOps: EditorProps['onOps']): (ops: EditOp[]) => boolean {
  const { message } = App.useApp();
  const { t } = useTranslation(NAMESPACE);
  const latest = useRef({ onOps, message, t });
  latest.current = { onOps, message, t };
  return useCallback((ops: EditOp[]) => {
    const now = latest.current;
    if (now.onOps(ops) !== false) return true;
    // One message however many changes were refused at once (the key), in the language shown now.
    void now.message.warning({ content: now.t('notSaved'), key: 'editor-not-saved' });
    return false;
  }, []);
}
