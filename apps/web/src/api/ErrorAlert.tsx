import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Problem, ProblemCode } from '@tessera/contracts';
import { en } from '../i18n/en';
import { ApiError } from './client';
import { allOnFields, splitPath, type IssueLike } from './form-errors';

const STATUS_TITLES: Partial<Record<number, keyof typeof en.errors.byStatus>> = {
  400: 'badRequest', 401: 'signedOut', 404: 'notFound', 409: 'conflict', 410: 'gone', 413: 'tooLarge', 415: 'unsupportedType', 422: 'unprocessable',
};

export function describeError(err: unknown, t: TFunction): { title: string; detail?: string } {
  if (typeof err === 'string') return { title: err };
  if (err instanceof ApiError) return describeProblem(err.problem, t);
  return { title: t('errors.unexpected'), detail: err instanceof Error ? err.message : undefined };
}

/** The error on one line, "title: detail", for a toast. */
export function errorLine(err: unknown, t: TFunction): string {
  const { title, detail } = describeError(err, t);
  return detail ? `${title}: ${detail}` : title;
}

/** A problem (an HTTP answer's, or the live editor's from its socket) in the page's language where it can be said so. */
export function describeProblem(p: ProblemLike, t: TFunction): { title: string; detail?: string } {
  const detail = namedRefusal(p, t) ?? p.detail;
  if (p.status === 0) return { title: t('errors.network'), detail };
  if (p.status === 403) return { title: t('errors.forbidden'), detail };
  if (p.status === 429) return { title: t('errors.rateLimited'), detail };
  if (p.status >= 500) return { title: t('errors.server'), detail: detail ?? p.title };
  const byStatus = STATUS_TITLES[p.status];
  return { title: byStatus ? t(`errors.byStatus.${byStatus}`) : p.title, detail };
}
type ProblemLike = Pick<Problem, 'status' | 'title' | 'detail' | 'code' | 'params'>;

/** A refusal the server named (`code`, see ProblemParams), said in the page's language; undefined for one it did not. */
function namedRefusal(p: ProblemLike, t: TFunction): string | undefined {
  if (!p.code || !Object.hasOwn(en.problems, p.code)) return undefined;
  const { status, state, ...rest } = p.params ?? {};
  // The params that are the server's names for a state, said as the pages say them.
  const words = {
    ...(status && { status: Object.hasOwn(en.assets.statuses, status) ? t(`assets.statuses.${status as keyof typeof en.assets.statuses}`) : status }),
    ...(state && { state: Object.hasOwn(en.tasks.states, state) ? t(`tasks.states.${state as keyof typeof en.tasks.states}`) : state }),
  };
  return t(`problems.${p.code as ProblemCode}`, { ...rest, ...words });
}

/**
 * Shows a failed call: the problem's title and detail, and the field errors
 * that no form field displays (pass those as `issues`; by default all of them).
 * Shows nothing when every field error found its field.
 * A string error is shown as the title, for problems found before any call.
 */
export function ErrorAlert({ error, issues }: { error: unknown; issues?: IssueLike[] }) {
  const { t } = useTranslation();
  // No error, or every field error shown on its field already (`issues` are those that found none): nothing to add.
  if (!error || (issues && allOnFields(error, issues))) return null;
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
