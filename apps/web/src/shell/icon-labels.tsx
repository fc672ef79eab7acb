import { cloneElement, isValidElement, useMemo } from 'react';
import { App, type TablePaginationConfig } from 'antd';
import type { MessageInstance, NoticeType, TypeOpen } from 'antd/es/message/interface';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled, LoadingOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';

/*
 * antd's own icons label themselves with their English file names ("down", "info-circle", "close-circle"), which a
 * screen reader reads out, in English on a Chinese page, before the text beside them. Here are the icons of the antd
 * parts we use: hidden where the icon only decorates, named in the page's language where it is all a control has;
 * what the ConfigProvider can set for all is in icon-config.tsx. Our own icons are marked where they are drawn (a rule
 * in eslint.config.mjs holds them, and these helpers, to it); the browser tests' accessibility gate finds any left
 * (`iconsReadByName` in e2e/support.ts).
 */

/**
 * `allowClear` for an input or select, its button named in the page's language. (The editors' panels have their own,
 * `clearButton` in libs/web/editor-ui, a library that loads with the editors and not with every page.)
 */
export function clearable(t: TFunction) {
  const label = t('common.clear');
  return { clearIcon: <CloseCircleFilled aria-label={label} />, label };
}

const PAGE_BUTTONS = { prev: 'common.previousPage', next: 'common.nextPage', 'jump-prev': 'common.previousPages', 'jump-next': 'common.nextPages' } as const;

/**
 * A table's pagination, its arrows named in the page's language (antd's are named "left", "right", "double-left"…).
 * The five-page jumps are a bare `<a>` inside their list item, where a name counts only on a role: a button, as the
 * arrows' own elements are.
 */
export function pages(t: TFunction, options: TablePaginationConfig): TablePaginationConfig {
  return {
    ...options,
    itemRender: (_page, type, element) => {
      if (!(type in PAGE_BUTTONS) || !isValidElement<{ 'aria-label'?: string; role?: string }>(element)) return element;
      const label = t(PAGE_BUTTONS[type as keyof typeof PAGE_BUTTONS]);
      return cloneElement(element, type.startsWith('jump') ? { role: 'button', 'aria-label': label } : { 'aria-label': label });
    },
  };
}

/** An upload list's file sign (`iconRender`): the file's name beside it says it all. */
export const fileIcon = () => <PaperClipOutlined aria-hidden />;

/** A confirmation's warning sign (Popconfirm, modal.confirm): the question beside it says it all. */
export const CONFIRM_ICON = <ExclamationCircleFilled aria-hidden />;

/**
 * Each kind's sign, hidden: for a message (through `useMessage`), a notification or a `Result` of that kind, whose title
 * says it all. (icon-config.tsx gives the alerts the same four: shared, the two modules' icons went into a chunk of
 * their own beside the first script, 1 kB more of it.)
 */
export const SIGN: Record<NoticeType, React.ReactNode> = {
  success: <CheckCircleFilled aria-hidden />, info: <InfoCircleFilled aria-hidden />, warning: <ExclamationCircleFilled aria-hidden />,
  error: <CloseCircleFilled aria-hidden />, loading: <LoadingOutlined aria-hidden spin />,
};

/** App.useApp()'s message, each kind's sign hidden: a notice is an alert, read out as it appears. */
export function useMessage(): MessageInstance {
  const { message } = App.useApp();
  return useMemo(() => {
    const quiet = (type: NoticeType): TypeOpen => (content, duration, onClose) => {
      const args = content !== null && typeof content === 'object' && 'content' in content ? content : { content };
      return message[type]({ icon: SIGN[type], ...args }, duration, onClose);
    };
    return { ...message, success: quiet('success'), info: quiet('info'), warning: quiet('warning'), error: quiet('error'), loading: quiet('loading') };
  }, [message]);
}
