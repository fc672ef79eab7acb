import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WebhookDeliveryEvent } from '@tessera/contracts';

/** An event's translated name, with its wire name beside it (what the receiver sees in X-Tessera-Event). */
export function EventName({ event, code = true }: { event: WebhookDeliveryEvent; code?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`webhooks.eventNames.${event}`)}
      {code && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {event}
        </Typography.Text>
      )}
    </>
  );
}
