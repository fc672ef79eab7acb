import type { FormInstance } from 'antd';
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

export function applyProblemToForm(form: FormInstance, err: unknown, fields: string[]): IssueLike[] {
  if (!(err instanceof ApiError)) return [];
  return applyIssuesToForm(form, err.fieldErrors, fields);
}

/** zod issues → IssueLike, keeping their paths. */
export function zodIssues(issues: readonly { path: PropertyKey[]; message: string }[]): IssueLike[] {
  return issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
}
