import type { TFunction } from 'i18next';
import type { Rule } from 'antd/es/form';

/** Same bounds as the `password` contract, with messages in the user's language. */
export function passwordRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('validation.required') },
    { min: 10, message: t('validation.passwordMin', { count: 10 }) },
    { max: 256, message: t('validation.tooLong', { count: 256 }) },
  ];
}
