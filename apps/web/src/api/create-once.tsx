import { useState } from 'react';
import { Button } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { applyProblemToForm, type IssueLike, type RefusedLead } from './form-errors';
import { parseForm } from './zod-form';

interface Making<B, C> {
  mutate(body: B, options: { onSuccess: (made: C) => void; onError: (err: unknown) => void }): void;
  reset(): void;
}

interface Options<V, S extends z.ZodType, C> {
  form: FormInstance<V>;
  /** The request's contract, run over the form's values before they are sent. */
  schema: S;
  fields: string[];
  making: Making<z.output<S>, C>;
  /** The form's values as the contract takes them (trimmed, a sentinel turned into null). */
  prepare?: (values: V) => unknown;
  onClose: () => void;
  refusedLead?: RefusedLead;
}

/**
 * A dialog that makes something whose secret the server shows once (a webhook's signing secret, an invitation link,
 * an API token): the form until it is made, then what was made until the dialog closes, and nothing kept after.
 * Field errors land on their fields; `rest` holds the others, for the alert above the form.
 */
export function useCreateOnce<V, S extends z.ZodType, C>({ form, schema, fields, making, prepare, onClose, refusedLead }: Options<V, S, C>) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<C | null>(null);
  const [rest, setRest] = useState<IssueLike[] | null>(null);

  const close = () => {
    form.resetFields();
    making.reset();
    setCreated(null);
    setRest(null);
    onClose();
  };

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = parseForm(form, schema, prepare ? prepare(values) : values, fields);
    if (!body) return;
    setRest(null);
    making.mutate(body, { onSuccess: setCreated, onError: (err) => setRest(applyProblemToForm(form, err, fields, t, refusedLead)) });
  };

  return { created, rest, close, submit };
}

/** The dialog's buttons: Cancel and the making one while the form shows, Done once the secret does. */
export function CreateOnceFooter({ made, pending, label, testId, onClose, onSubmit }: {
  made: boolean;
  pending: boolean;
  label: string;
  testId: string;
  onClose: () => void;
  onSubmit: () => void;
}) {
  const { t } = useTranslation();
  return made ? (
    <Button type="primary" onClick={onClose} data-testid={`${testId}-done`}>
      {t('common.done')}
    </Button>
  ) : (
    <>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      <Button type="primary" loading={pending} onClick={onSubmit} data-testid={`${testId}-create`}>
        {label}
      </Button>
    </>
  );
}
