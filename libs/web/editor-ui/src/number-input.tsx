import { useImperativeHandle, useLayoutEffect, useRef, type ComponentRef, type Ref } from 'react';
import { InputNumber, type InputNumberProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from './i18n';

type InputNumberRef = ComponentRef<typeof InputNumber>;

/**
 * antd's InputNumber, its stepper buttons named in the page's language: rc-input-number names them "Increase Value"
 * and "Decrease Value" in every language, with no prop to change it. The names are set after each render; React leaves
 * them alone, as it writes an attribute only when its own value for it changes. For the app's forms as much as the
 * editors' panels (the `editor` namespace is registered with the app's i18next). A ref given to it (a Form.Item gives
 * one, to scroll to the field) still reaches antd's.
 */
export function NumberInput<T extends number | string = number>({ ref: outerRef, ...props }: InputNumberProps<T> & { ref?: Ref<InputNumberRef> }) {
  const { t } = useTranslation(NAMESPACE);
  const ref = useRef<InputNumberRef>(null);
  useImperativeHandle(outerRef, () => ref.current as InputNumberRef);
  useLayoutEffect(() => {
    const root = ref.current?.nativeElement;
    for (const [direction, label] of [['up', t('increaseValue')], ['down', t('decreaseValue')]] as const) {
      const stepper = root?.querySelector(`[role=button][class*="-action-${direction}"]`);
      if (stepper && stepper.getAttribute('aria-label') !== label) stepper.setAttribute('aria-label', label);
    }
  });
  return <InputNumber<T> {...props} ref={ref} />;
}
