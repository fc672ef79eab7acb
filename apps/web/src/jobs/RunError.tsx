import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRun } from '@tessera/contracts';

type RunErrorEntry = JobRun['errors'][number];

/** Codes the jobs' words name: the runner's own (`job.`), deliveries' and pre-annotation's. */
const JOB_CODE_PREFIXES = ['job.', 'webhook.', 'preannotate.'];

/** One error of a run: in the reader's language where it has a code, the English detail beside it. */
export function RunError({ error }: { error: RunErrorEntry }) {
  const { t } = useTranslation();
  // Ingest codes are the assets' own (an asset shows the same words); the rest are the jobs'.
  const key = !error.code ? null : JOB_CODE_PREFIXES.some((p) => error.code!.startsWith(p)) ? `jobs.errorCodes.${error.code}` : `assets.errorCodes.${error.code}`;
  const text = key ? t(key as never, { defaultValue: '' }) : '';
  return (
    <>
      {error.item && <code>{error.item}</code>}{' '}
      {text ? (
        <>
          {text} <Typography.Text type="secondary" data-testid="run-error-detail">({error.message})</Typography.Text>
        </>
      ) : (
        error.message
      )}
    </>
  );
}
