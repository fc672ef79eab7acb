import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from './client';
import { splitPath, type IssueLike } from './form-errors';

export function describeError(err: unknown, t: TFunction): { title: string; detail?: string } {
  if (typeof err === 'string') return { title: err };
  if (err instanceof ApiError) {
    const p = err.problem;
    if (err.status === 0) return { title: t('errors.network'), detail: p.detail };
    if (err.status === 403) return { title: t('errors.forbidden'), detail: p.detail };
    if (err.status === 429) return { title: t('errors.rateLimited'), detail: p.detail };
    if (err.status >= 500) return { title: t('errors.server'), detail: p.detail ?? p.title };
    return { title: p.title, detail: p.detail };
  }
  return { title: t('errors.unexpected'), detail: err instanceof Error ? err.message : undefined };
}

/**
 * Shows a failed call: the problem's title and detail, and the field errors
 * that no form field displays (pass those as `issues`; by default all of them).
 * A string error is shown as the title, for problems found before any call.
 */
export function ErrorAlert({ error, issues }: { error: unknown; issues?: IssueLike[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, detail } = describeError(error, t);
  const rest = issues ?? (error instanceof ApiError ? error.fieldErrors : []);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={
        detail || rest.length ? (
          <>
            {detail && <div>{detail}</div>}
            {rest.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {rest.map((i, n) => (
                  <li key={n}>
                    <code>{(typeof i.path === 'string' ? splitPath(i.path) : i.path).join('.')}</code>: {i.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
