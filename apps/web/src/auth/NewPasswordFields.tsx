import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { passwordRules } from './password-rules';

/** A new password and its confirmation, as setup, invitations and password change all ask for them. */
export function NewPasswordFields({ name = 'password', label }: { name?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={name} label={label ?? t('fields.password')} rules={passwordRules(t)} extra={t('validation.passwordHint')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('fields.confirmPassword')}
        dependencies={[name]}
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
