import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaType } from '@tessera/contracts';
import { ApiError } from '../../api/client';
import type { IssueLike } from '../../api/form-errors';
import { displayedPath, validateDrafts, type LabelDraft, type SchemaIssue } from './draft';

/**
 * State of one label-schema editing session: the drafts, our own live
 * checks, and the server's verdict on the last save (cleared on the next edit,
 * since it described a schema that no longer exists).
 */
export function useSchemaDraft(mediaType: MediaType) {
  const { t } = useTranslation();
  const [labels, setLabelsState] = useState<LabelDraft[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<SchemaIssue[]>([]);
  const [dirty, setDirty] = useState(false);

  const issues = useMemo(() => validateDrafts(labels, mediaType, t), [labels, mediaType, t]);

  const setLabels = useCallback((next: LabelDraft[]) => {
    setLabelsState(next);
    setServer([]);
    setDirty(true);
  }, []);

  const reset = useCallback((next: LabelDraft[]) => {
    setLabelsState(next);
    setServer([]);
    setSubmitted(false);
    setDirty(false);
  }, []);

  // Leaving the page with unsaved schema edits loses them; let the browser ask.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const { errors, general } = useMemo(() => {
    const errors: Record<string, string> = {};
    const general: IssueLike[] = [];
    for (const issue of [...server, ...issues.filter((i) => submitted || i.live)]) {
      const at = displayedPath(issue.path);
      if (at) errors[at] ??= issue.message;
      else general.push(issue);
    }
    return { errors, general };
  }, [server, issues, submitted]);

  /** Marks every problem visible; true when the schema may be sent. */
  const attempt = useCallback(() => {
    setSubmitted(true);
    return issues.length === 0;
  }, [issues]);

  /**
   * Takes the server's field errors under `prefix` (the schema's place in the
   * request body) onto the editor; returns the rest for the caller to show.
   */
  const applyServerError = useCallback((err: unknown, prefix = 'labelSchema.'): IssueLike[] => {
    if (!(err instanceof ApiError)) return [];
    const mine: SchemaIssue[] = [];
    const rest: IssueLike[] = [];
    for (const e of err.fieldErrors) {
      const path = e.path.replace(/\[(\d+)\]/g, '.$1');
      if (path.startsWith(prefix)) mine.push({ path: path.slice(prefix.length), message: e.message, live: true });
      else rest.push(e);
    }
    setServer(mine);
    return rest;
  }, []);

  return { labels, setLabels, reset, errors, general, attempt, applyServerError, dirty, issueCount: issues.length };
}
