import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WebhookDeliveryEvent } from '@tessera/contracts';

/** An event's translated name, with its wire name beside it (what the receiver sees in X-Tessera-Event). */
export function EventName({ event, code = true }: { event: WebhookDeliveryEvent; code?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`webhooks.eventNames.${event}`)}
      {/* A space, not only a margin: a checkbox's name is its text run together ("Task submittedtask.submitted"). */}
      {code && ' '}
      {code && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 2, fontSize: 12 }}>
          {event}
        </Typography.Text>
      )}
    </>
  );
}
