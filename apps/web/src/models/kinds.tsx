import { Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A kind's name in the reader's language (i18next reads a colon in a key as a namespace: `builtin:face` is `builtin-face` there). */
export const kindName = (t: TFunction, kind: string) => t(`models.kinds.${kind.replace(':', '-')}` as never, { defaultValue: kind });

/** A kind by its name in the reader's language, with the id the API uses beside it. */
export function KindName({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      <span>{kindName(t, kind)}</span>
      <Typography.Text type="secondary" code>
        {kind}
      </Typography.Text>
    </Space>
  );
}
