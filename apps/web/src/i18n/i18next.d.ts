import 'i18next';
import type { en } from './en';

// Typed keys: a t('…') call with a key missing from the English resources is a
// compile error, and zh-CN must have the same shape as en.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
