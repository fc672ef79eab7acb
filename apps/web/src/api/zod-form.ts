import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { applyIssuesToForm, zodIssues, type IssueLike } from './form-errors';

/**
 * Runs the shared contract over the form's values before sending them, so the
 * browser refuses what the server would refuse. Returns the parsed value, or
 * null after marking the offending fields (unmatched issues go to onRest).
 */
export function parseForm<S extends z.ZodType>(
  form: FormInstance,
  schema: S,
  values: unknown,
  fields: string[],
  onRest?: (issues: IssueLike[]) => void,
): z.output<S> | null {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const rest = applyIssuesToForm(form, zodIssues(result.error.issues), fields);
  onRest?.(rest);
  return null;
}
