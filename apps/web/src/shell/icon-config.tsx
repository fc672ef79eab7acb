import type { ConfigProviderProps } from 'antd';
import {
  CheckCircleFilled, CloseCircleFilled, DownOutlined, EllipsisOutlined, ExclamationCircleFilled, InfoCircleFilled, QuestionCircleOutlined, SearchOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';

/**
 * The icons the ConfigProvider sets for every antd component at once, hidden or named in the page's language (why:
 * icon-labels.tsx). In a module of its own, as the whole app is wrapped in it: the page helpers' icons stay out of the
 * first script.
 */
export function iconLabels(t: TFunction): ConfigProviderProps {
  return {
    select: { suffixIcon: <DownOutlined aria-hidden /> },
    alert: {
      successIcon: <CheckCircleFilled aria-hidden />, infoIcon: <InfoCircleFilled aria-hidden />,
      warningIcon: <ExclamationCircleFilled aria-hidden />, errorIcon: <CloseCircleFilled aria-hidden />,
    },
    // A field's hint in a tooltip is for the eye; the field carries it too (aria-description) for a screen reader.
    form: { tooltip: { icon: <QuestionCircleOutlined aria-hidden /> } },
    inputSearch: { searchIcon: <SearchOutlined aria-label={t('common.search')} /> },
    tabs: { moreIcon: <EllipsisOutlined aria-label={t('common.more')} /> },
  };
}
