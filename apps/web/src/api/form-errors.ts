import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from './client';

export type FieldPath = (string | number)[];

/** "labelSchema.labels.0.hotkey" or "labels[0].hotkey" → ['labelSchema','labels',0,'hotkey'] */
export function splitPath(path: string): FieldPath {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

export interface IssueLike {
  path: string | FieldPath;
  message: string;
}

/**
 * Puts the field errors of a problem (or of a zod result) onto the antd form
 * fields they name. `fields` lists the dotted paths the form actually has, so
 * an error for a field the form does not show stays visible in the alert
 * instead of vanishing. Returns the issues that found no field.
 */
export function applyIssuesToForm(form: FormInstance, issues: IssueLike[], fields: string[]): IssueLike[] {
  const known = new Set(fields);
  const unmatched: IssueLike[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const parts = typeof issue.path === 'string' ? splitPath(issue.path) : issue.path;
    const key = parts.join('.');
    if (known.has(key)) byField.set(key, [...(byField.get(key) ?? []), issue.message]);
    else unmatched.push(issue);
  }
  form.setFields([...byField].map(([key, errors]) => ({ name: splitPath(key), errors })));
  return unmatched;
}

/**
 * A failed call's field errors onto the form's fields (see applyIssuesToForm), those the server named by a code said in
 * the page's language (see wordedIssues; `refusedLead` for a form with a URL the server may refuse to call).
 */
export function applyProblemToForm(form: FormInstance, err: unknown, fields: string[], t: TFunction, refusedLead?: RefusedLead): IssueLike[] {
  if (!(err instanceof ApiError)) return [];
  return applyIssuesToForm(form, wordedIssues(t, err, refusedLead), fields);
}

/** The server's reasons, by their keys here (i18next reads `_private` after a key as a context). */
const REFUSALS = { scheme: 'scheme', private: 'private', unresolved: 'unresolved', resolves_private: 'resolvesPrivate' } as const;

/** Why the server refused a URL, from the issue's params; the server's own words where it sent none this client knows. */
function targetRefusal(t: TFunction, issue: { message: string; params?: Record<string, string> }): string {
  const { reason = '', scheme = '', host = '', address = '' } = issue.params ?? {};
  return Object.hasOwn(REFUSALS, reason) ? t(`errors.refusedTarget.${REFUSALS[reason as keyof typeof REFUSALS]}`, { scheme, host, address }) : issue.message;
}

/** Field errors the server names by a code that needs no params, by their words here. */
const FIELD_WORDS = { wrong_password: 'password.wrongCurrent', same_password: 'password.sameAsCurrent', not_text: 'validation.notText' } as const;

export type RefusedLead = 'webhooks.refusedTarget' | 'models.refusedTarget';

/**
 * A problem's field errors, those the server named said in the page's language: a refused URL's (`refused_target`)
 * after the form's own lead (a key taking `{{reason}}`: a webhook's URL cannot receive, Tessera does not call a
 * model's), and those of FIELD_WORDS.
 */
function wordedIssues(t: TFunction, err: ApiError, refusedLead?: RefusedLead) {
  return err.fieldErrors.map((i) => {
    if (i.code === 'refused_target' && refusedLead) return { ...i, message: t(refusedLead, { reason: targetRefusal(t, i) }) };
    if (i.code && Object.hasOwn(FIELD_WORDS, i.code)) return { ...i, message: t(FIELD_WORDS[i.code as keyof typeof FIELD_WORDS]) };
    return i;
  });
}

/** Whether every field error of a failed call found its field (`rest`: those that did not), so an alert would only repeat them. */
export const allOnFields = (err: unknown, rest: IssueLike[] | null) => err instanceof ApiError && err.fieldErrors.length > 0 && rest?.length === 0;

/** zod issues → IssueLike, keeping their paths. */
export function zodIssues(issues: readonly { path: PropertyKey[]; message: string }[]): IssueLike[] {
  return issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
}
