import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export type LazyPage<P> = LazyExoticComponent<ComponentType<P>> & { preload: () => Promise<unknown> };

/**
 * A page from a module of its own, loaded the first time it is shown.
 * `preload` starts the fetch early (the login page asks for the task list
 * while the password is typed), and a second call reuses the first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyPage<React.ComponentProps<M[K]>> {
  let pending: Promise<M> | undefined;
  const preload = () => (pending ??= load());
  const page = lazy(() => preload().then((m) => ({ default: m[name] }))) as LazyPage<React.ComponentProps<M[K]>>;
  page.preload = preload;
  return page;
}

/** Shown while a page's module arrives: the same spinner the app boots with. */
export function PageFallback() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" aria-label={t('common.loading')} />
    </Flex>
  );
}
